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
