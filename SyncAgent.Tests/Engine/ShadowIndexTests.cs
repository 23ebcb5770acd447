using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

public sealed class ShadowIndexTests
{
    [Fact]
    public void TryGet_DuplicateShadow_LaterOneWins()
    {
        var sut = new ShadowIndex([
            new ShadowValue(7, "city", FieldValue.FromString("Oslo")),
            new ShadowValue(8, "city", FieldValue.FromString("Bergen")),
            new ShadowValue(7, "city", FieldValue.FromString("Lisbon")),
        ]);

        Assert.True(sut.TryGet(7, "city", out var value));
        Assert.Equal("Lisbon", value.Text);
        Assert.True(sut.TryGet(8, "city", out value));
        Assert.Equal("Bergen", value.Text);
    }

    [Fact]
    public void TryGet_PersonInSeveralRunsWithDuplicates_LatestOfEachFieldWins()
    {
        // Runs: 7 (city Oslo, title CEO, city Bergen), 8 (city Rome), 7 (title CTO), from an array, not a list.
        ShadowValue[] shadows =
        [
            new(7, "city", FieldValue.FromString("Oslo")),
            new(7, "title", FieldValue.FromString("CEO")),
            new(7, "city", FieldValue.FromString("Bergen")),
            new(8, "city", FieldValue.FromString("Rome")),
            new(7, "title", FieldValue.FromString("CTO")),
        ];
        var sut = new ShadowIndex(shadows);

        Assert.True(sut.TryGet(7, "city", out var value));
        Assert.Equal("Bergen", value.Text);
        Assert.True(sut.TryGet(7, "title", out value));
        Assert.Equal("CTO", value.Text);
        Assert.True(sut.TryGet(8, "city", out value));
        Assert.Equal("Rome", value.Text);
        Assert.False(sut.TryGet(8, "title", out _));
    }

    [Fact]
    public void TryGet_NoShadows_NotFound()
    {
        var sut = new ShadowIndex([]);

        Assert.False(sut.TryGet(7, "city", out var value));
        Assert.True(value.IsNull);
    }

    [Theory]
    [InlineData(7, "City")]
    [InlineData(7, "title")]
    [InlineData(9, "city")]
    public void TryGet_OtherPersonOrFieldOrCase_NotFound(long marketoId, string field)
    {
        var sut = new ShadowIndex(Enumerable.Repeat(new ShadowValue(7, "city", FieldValue.FromString("Oslo")), 1));

        Assert.False(sut.TryGet(marketoId, field, out var value));
        Assert.True(value.IsNull);
    }
}
