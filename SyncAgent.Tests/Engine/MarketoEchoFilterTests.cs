using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>The echo drop, decided by the engine (it used to live in the cycle's change reader).</summary>
public class MarketoEchoFilterTests
{
    private static readonly ShadowIndex Shadows = new([Shadow(1, "title", "CEO"), Shadow(1, "city", "Paris"), Shadow(2, "title", "CTO")]);

    [Theory]
    [InlineData(1, "title", "CEO", true, true)]
    [InlineData(1, "title", "Intern", true, false)]
    [InlineData(1, "phone", "555", true, false)]
    [InlineData(3, "title", "CEO", false, false)]
    public void Keep_OneChange_DroppedOnlyWhenLinkedAndEveryValueEqualsItsShadow(long person, string field, string value, bool linked, bool dropped)
    {
        var sut = new MarketoEchoFilter();
        var page = new[] { Mkt(person, (field, value)) };

        var kept = sut.Keep(page, linked ? new HashSet<long> { person } : [], Shadows);

        Assert.Equal(dropped ? 0 : 1, kept.Count);
        Assert.Equal((dropped ? 1 : 0, dropped ? 1 : 0), (sut.EchoesDropped, sut.EchoFields));
    }

    [Fact]
    public void Keep_ChangeBackToShadowAfterKeptChange_KeptSoTheLatestValueWins()
    {
        var sut = new MarketoEchoFilter();
        var first = sut.Keep([Mkt(1, ("title", "Intern"))], new HashSet<long> { 1 }, Shadows);

        var candidates = sut.Candidates([Mkt(1, ("title", "CEO")), Mkt(2, ("title", "CTO"))]);
        var second = sut.Keep([Mkt(1, ("title", "CEO")), Mkt(2, ("title", "CTO"))], new HashSet<long> { 1, 2 }, Shadows);

        Assert.Single(first);
        Assert.Equal([2L], candidates);
        Assert.Equal([1L], second.Select(c => c.LeadId));
        Assert.Equal(1, sut.EchoesDropped);
    }
}
