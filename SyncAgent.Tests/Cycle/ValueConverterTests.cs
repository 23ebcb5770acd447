using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Cycle;

// The Dynamics body of the cycle's updates and of sync-person's create: numbers and money as numbers, choices as
// integers, yes/no as booleans, dates and text as strings; text that did not parse as its kind stays text, so Dynamics
// reports that record instead of the value being dropped.
public class ValueConverterTests
{
    private static readonly Uri ServiceRoot = new("https://org.example/api/data/v9.2/");

    [Theory]
    [InlineData("Text", "Alice", "\"Alice\"")]
    [InlineData("Text", "00123", "\"00123\"")]
    [InlineData("Email", " Ann@Example.COM ", "\"Ann@Example.COM\"")]
    [InlineData("Number", "5.00", "5")]
    [InlineData("Number", "1e3", "1000")]
    [InlineData("Number", "-2.50", "-2.5")]
    [InlineData("Number", "many", "\"many\"")]
    [InlineData("Money", "10.50", "10.5")]
    [InlineData("Money", "n/a", "\"n/a\"")]
    [InlineData("Boolean", "yes", "true")]
    [InlineData("Boolean", "TRUE", "true")]
    [InlineData("Boolean", "0", "false")]
    [InlineData("Boolean", "maybe", "\"maybe\"")]
    [InlineData("Date", "2024-01-31T23:30:00+02:00", "\"2024-01-31\"")]
    [InlineData("Date", "soon", "\"soon\"")]
    [InlineData("DateTime", "2024-01-31T08:00:00.123Z", "\"2024-01-31T08:00:00Z\"")]
    [InlineData("DateTime", "later", "\"later\"")]
    [InlineData("OptionSet", "3", "3")]
    [InlineData("OptionSet", "3.0", "\"3.0\"")]
    [InlineData("OptionSet", "red", "\"red\"")]
    public void ToDataverseBody_EveryKind_WebApiJson(string kind, string raw, string expected)
    {
        var body = ValueConverter.ToDataverseBody(ServiceRoot, [Field("c", Enum.Parse<FieldKind>(kind), raw)]);

        Assert.Equal($$"""{"c":{{expected}}}""", body.ToJsonString());
    }

    [Fact]
    public void ToDataverseBody_NullValue_ClearsTheColumn()
    {
        var body = ValueConverter.ToDataverseBody(ServiceRoot, [Field("a", FieldKind.Text, "x"), Field("b", FieldKind.Number, "")]);

        Assert.Equal("""{"a":"x","b":null}""", body.ToJsonString());
    }

    private static PlannedField Field(string column, FieldKind kind, string raw) =>
        new(new FieldMap(SyncEntity.Lead, "m_" + column, column, kind, CollisionWinner.Dynamics), FieldValue.FromString(raw, kind));
}
