using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

public sealed class CrmRecordChangesTests
{
    private static readonly RecordKey Record = new(SyncEntity.Contact, new Guid("6b1c0c1e-2f4a-4d7e-9a51-0c3f2d1e8b77"));
    private static readonly DateTimeOffset First = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryGet_SameAttributeStagedTwice_LaterWins()
    {
        var sut = new CrmRecordChanges(Record, DefaultFieldMapping.Mapping);

        sut.Apply(Update(First, ("address1_city", "Oslo"), ("jobtitle", "CEO")));
        sut.Apply(Update(First.AddSeconds(5), ("ADDRESS1_CITY", "Bergen")));

        var city = DefaultFieldMapping.Mapping.For(SyncEntity.Contact).Single(m => m.Dynamics == "address1_city");
        var title = DefaultFieldMapping.Mapping.For(SyncEntity.Contact).Single(m => m.Dynamics == "jobtitle");
        Assert.True(sut.TryGet(city.Index, out var value));
        Assert.Equal(new TimedValue(FieldValue.FromString("Bergen"), First.AddSeconds(5)), value);
        Assert.True(sut.TryGet(title.Index, out value));
        Assert.Equal("CEO", value.Value.Text);
    }

    [Fact]
    public void TryGet_UnmappedOrUnstaged_NotFound()
    {
        var sut = new CrmRecordChanges(Record, DefaultFieldMapping.Mapping);

        sut.Apply(Update(First, ("description", "not mapped"), ("jobtitle", "CEO")));

        var staged = Enumerable.Range(0, DefaultFieldMapping.Mapping.For(SyncEntity.Contact).Count)
            .Where(i => sut.TryGet(i, out _)).Select(i => DefaultFieldMapping.Mapping.For(SyncEntity.Contact)[i].Dynamics);
        Assert.Equal(["jobtitle"], staged);
    }

    [Fact]
    public void TryGet_SeventyMappedFieldsAllStaged_EachFoundIncludingIndexesAbove63()
    {
        // 70 fields: the staged set grows past its first size, and indexes from 64 on are past the fast bit test.
        var mapping = new FieldMapping(Enumerable.Range(0, 70).Select(i =>
            new FieldMap(SyncEntity.Contact, $"field{i}", $"attribute{i}", FieldKind.Text, CollisionWinner.Default)));
        var sut = new CrmRecordChanges(Record, mapping);

        sut.Apply(Update(First, [.. Enumerable.Range(0, 35).Select(i => ($"attribute{i}", $"a{i}"))]));
        sut.Apply(Update(First.AddSeconds(1), [.. Enumerable.Range(35, 35).Select(i => ($"attribute{i}", $"b{i}"))]));

        for (var i = 0; i < 70; i++)
        {
            Assert.True(sut.TryGet(i, out var value), $"field{i}");
            Assert.Equal(i < 35 ? $"a{i}" : $"b{i}", value.Value.Text);
        }
    }

    private static CrmChange Update(DateTimeOffset changedOn, params (string Attribute, string Value)[] attributes) =>
        new(Record, CrmMessage.Update, attributes.ToDictionary(a => a.Attribute, a => FieldValue.FromString(a.Value), StringComparer.OrdinalIgnoreCase), changedOn);
}
