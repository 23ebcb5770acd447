using CrmSync.Plugins.Changes;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Changes;

public class AttributeValuesTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTime Noon = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<object?, object?, bool> Pairs() => new()
    {
        { null, null, true },
        { "", null, true },
        { "a", null, false },
        { "a", "a", true },
        { "a", "A", false },
        { 1, 1, true },
        { 1, 1L, true },
        { 1, 1.0m, true },
        { 1.5d, 1.5m, true },
        { 1, 2, false },
        { 1, "1", false },
        { true, true, true },
        { true, false, false },
        { Noon, Noon.ToLocalTime(), true },
        { Noon, DateTime.SpecifyKind(Noon, DateTimeKind.Unspecified), true },
        { Noon, Noon.AddSeconds(1), false },
        { Id, Id, true },
        { new OptionSetValue(1), new OptionSetValue(1), true },
        { new OptionSetValue(1), new OptionSetValue(2), false },
        { new OptionSetValue(1), 1, false },
        { new OptionSetValueCollection([new OptionSetValue(1), new OptionSetValue(3)]), new OptionSetValueCollection([new OptionSetValue(3), new OptionSetValue(1)]), true },
        { new OptionSetValueCollection([new OptionSetValue(1)]), new OptionSetValueCollection([new OptionSetValue(1), new OptionSetValue(3)]), false },
        { new OptionSetValueCollection(), null, true },
        { new Money(1.50m), new Money(1.5m), true },
        { new Money(1m), new Money(2m), false },
        { new EntityReference("account", Id), new EntityReference("account", Id), true },
        { new EntityReference("account", Id), new EntityReference("Account", Id), true },
        { new EntityReference("account", Id), new EntityReference("contact", Id), false },
        { new EntityReference("account", Id), new EntityReference("account", Guid.NewGuid()), false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void AreEqual_Pair_ComparesByValue(object? left, object? right, bool expected)
    {
        Assert.Equal(expected, AttributeValues.AreEqual(left, right));
        Assert.Equal(expected, AttributeValues.AreEqual(right, left));
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData((short)1)]
    public void IsSupported_TypesDataverseDoesNotUse_AreNot(object value)
    {
        Assert.False(AttributeValues.IsSupported(value));
    }
}
