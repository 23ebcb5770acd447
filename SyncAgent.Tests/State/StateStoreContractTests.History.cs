using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Postgres;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.State;

/// <summary>The history behaviours of the contract (DESIGN B19).</summary>
public abstract partial class StateStoreContractTests
{
    private HistoryEvent Written(long person, string field, string? old, string? value, bool keep = true) => new()
    {
        MarketoId = person,
        Record = Contact(3),
        Kind = HistoryKinds.Write,
        Field = field,
        Direction = SyncDirection.ToMarketo,
        Old = old,
        New = value,
        HasValues = keep,
        CycleId = 4,
        Detail = "cycle",
        OccurredOn = Time.GetUtcNow(),
    };

    [StoreFact]
    public async Task AddHistoryAsync_Committed_ReadBackPerPersonOldestFirst()
    {
        await InTransaction(t => t.AddHistoryAsync([Written(21, "title", "Old", "New"), Written(22, "city", null, "Porto")]));
        Time.Advance(TimeSpan.FromSeconds(5));
        await InTransaction(t => t.AddHistoryAsync([Written(21, "city", null, null, keep: false) with { Direction = null, Record = null, CycleId = null, Detail = null }]));

        var history = await Store.GetHistoryAsync(21);

        Assert.Equal(2, history.Count);
        Assert.Equal(Written(21, "title", "Old", "New") with { OccurredOn = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero) }, history[0]);
        Assert.Equal((null, "city", null, false, null, null), (history[1].Record, history[1].Field, history[1].Direction, history[1].HasValues, history[1].CycleId, history[1].New));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 0, 5, TimeSpan.Zero), history[1].OccurredOn);
        Assert.Single(await Store.GetHistoryAsync(22));
        Assert.Empty(await Store.GetHistoryAsync(23));
    }

    [StoreFact]
    public async Task PruneHistoryAsync_OlderEventsAndLinkEventsGo_NewerStay()
    {
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(31, Contact(3))]);
            await t.AddHistoryAsync([Written(31, "title", "A", "B")]);
        });
        Time.Advance(TimeSpan.FromDays(10));
        await InTransaction(t => t.AddHistoryAsync([Written(31, "title", "B", "C")]));

        var deleted = 0;
        await InTransaction(async t => deleted = await t.PruneHistoryAsync(Time.GetUtcNow().AddDays(-5)));

        Assert.Equal(2, deleted);
        Assert.Equal("C", Assert.Single(await Store.GetHistoryAsync(31)).New);
        Assert.Empty(await Store.GetLinkHistoryAsync(31));
        Assert.NotNull(await Store.FindLinkAsync(31));
    }

    private const string AwkwardText = "He said \"hi\" \\ C:\\path\nline\ttab\u0001 Zoë ß 中文 😀 end";

    [StoreFact]
    public async Task AddHistoryAsync_AwkwardTextAndMoreThanOneStatementOfRows_ReadBackUnchangedInOrder()
    {
        // 700 events of about 150 characters each: more than one bulk statement of the SQLite store (30,000 characters).
        var events = Enumerable.Range(0, 700).Select(i => Written(41, $"field{i}", AwkwardText, $"value {i}") with { Detail = AwkwardText }).ToList();
        await InTransaction(t => t.AddHistoryAsync(events));

        var history = await Store.GetHistoryAsync(41);

        Assert.Equal(700, history.Count);
        Assert.Equal("field0", history[0].Field);
        Assert.Equal("field699", history[699].Field);
        Assert.Equal("value 350", history[350].New);
        Assert.All(history, e => Assert.Equal((AwkwardText, AwkwardText, 4L, true), (e.Old, e.Detail, e.CycleId!.Value, e.HasValues)));
        Assert.Equal(Written(41, "field7", AwkwardText, "value 7") with { Detail = AwkwardText, OccurredOn = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero) }, history[7]);
    }

    [StoreFact]
    public async Task SetShadowsAsync_AwkwardTextAndADuplicateInOneCall_LaterValueWins()
    {
        var persons = Enumerable.Range(100, 400).Select(i => new Link(i, Contact(i))).ToList();
        var shadows = persons.Select(l => Shadow(l.MarketoId, "title", AwkwardText + l.MarketoId)).ToList();
        shadows.Add(Shadow(100, "title", "later"));
        await InTransaction(async t =>
        {
            await t.AddLinksAsync(persons);
            await t.SetShadowsAsync(shadows);
        });

        var read = (await Store.GetShadowsAsync(persons.Select(l => l.MarketoId))).ToDictionary(s => s.MarketoId, s => s.Value.Text);

        Assert.Equal(400, read.Count);
        Assert.Equal("later", read[100]);
        Assert.Equal(AwkwardText + "499", read[499]);
    }
}
