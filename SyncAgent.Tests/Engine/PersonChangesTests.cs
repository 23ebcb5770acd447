using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

public sealed class PersonChangesTests
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_SameFieldInOtherCase_OneEntryWithTheLatestValue()
    {
        var sut = new PersonChanges(7);

        sut.Apply(Change("city", "Oslo", Noon));
        sut.Apply(Change("City", "Lisbon", Noon.AddMinutes(1)));

        var field = Assert.Single(sut.Fields);
        Assert.Equal("city", field.Key);
        Assert.Equal("Lisbon", field.Value.Value.Text);
    }

    [Fact]
    public void Apply_OlderActivityAfterNewer_KeepsTheNewer()
    {
        var sut = new PersonChanges(7);

        sut.Apply(Change("title", "Engineer", Noon));
        sut.Apply(Change("title", "Analyst", Noon.AddMinutes(-5)));
        sut.Apply(Change("city", "Oslo", Noon));

        Assert.Equal(["title", "city"], sut.Fields.Select(f => f.Key));
        Assert.Equal("Engineer", sut.Fields[0].Value.Value.Text);
    }

    private static MarketoChange Change(string field, string value, DateTimeOffset on) =>
        new(7, new Dictionary<string, FieldValue> { [field] = FieldValue.FromString(value) }, on);
}
