using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Time.Testing;
using CrmSync.SyncAgent.Tests.Postgres;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.State;

/// <summary>Every behaviour a <see cref="StateStore"/> promises; each implementation runs all of them.</summary>
public abstract partial class StateStoreContractTests : IAsyncLifetime
{
    private StateStore? store;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    internal StateStore Store => store ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        store = CreateStore();
        await store.InitializeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    internal abstract StateStore CreateStore();

    internal async Task InTransaction(Func<StateTransaction, Task> work)
    {
        await using var transaction = await Store.BeginAsync();
        await work(transaction);
        await transaction.CommitAsync();
    }

    [StoreFact]
    public async Task InitializeAsync_NewDatabase_HasLatestSchemaVersion()
    {
        await Store.InitializeAsync();

        Assert.Equal(35, await Store.GetSchemaVersionAsync());
    }

    [StoreFact]
    public async Task AddLinksAsync_Committed_FindsByPersonAndByRecord()
    {
        await InTransaction(t => t.AddLinksAsync([new Link(1, Lead(1)), new Link(2, Contact(2))]));

        Assert.Equal(new Link(1, Lead(1)), await Store.FindLinkAsync(1));
        Assert.Equal(new Link(2, Contact(2)), await Store.FindLinkAsync(Contact(2)));
        Assert.Null(await Store.FindLinkAsync(Lead(2)));
        Assert.Null(await Store.FindLinkAsync(3));
        Assert.Equal(2, await Store.CountLinksAsync());
    }

    [StoreTheory]
    [InlineData(1, 9)]
    [InlineData(9, 1)]
    public async Task AddLinksAsync_PersonOrRecordAlreadyLinked_ThrowsAndKeepsOldState(int marketoId, int record)
    {
        await InTransaction(t => t.AddLinksAsync([new Link(1, Lead(1))]));

        await Assert.ThrowsAnyAsync<Exception>(() => InTransaction(t => t.AddLinksAsync([new Link(5, Lead(5)), new Link(marketoId, Lead(record))])));

        Assert.Equal(1, await Store.CountLinksAsync());
        Assert.Null(await Store.FindLinkAsync(5));
    }

    [StoreFact]
    public async Task GetLinksAsync_ManyKeys_ReturnsOnlyExistingMatches()
    {
        await InTransaction(t => t.AddLinksAsync([new Link(1, Lead(1)), new Link(2, Contact(2)), new Link(3, Lead(3))]));

        var byPerson = await Store.GetLinksAsync(new long[] { 1, 3, 99 });
        var byRecord = await Store.GetLinksAsync([Lead(1), Lead(2), Contact(2), Contact(77)]);

        Assert.Equal([1L, 3L], byPerson.Select(l => l.MarketoId).Order());
        Assert.Equal([1L, 2L], byRecord.Select(l => l.MarketoId).Order());
    }

    [StoreFact]
    public async Task RelinkAsync_LeadConversion_MovesLinkAndKeepsShadows()
    {
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(7, Lead(7))]);
            await t.SetShadowsAsync([Shadow(7, "title", "CTO")]);
        });

        await InTransaction(t => t.ApplyLinkChangesAsync([new LinkChange(LinkChangeKind.Relink, 7, Lead(7), Contact(8))]));

        Assert.Equal(new Link(7, Contact(8)), await Store.FindLinkAsync(7));
        Assert.Null(await Store.FindLinkAsync(Lead(7)));
        Assert.Equal([Shadow(7, "title", "CTO")], await Store.GetShadowsAsync([7L]));
        Assert.Equal([LinkEvent.Linked, LinkEvent.Relinked], (await Store.GetLinkHistoryAsync(7)).Select(h => h.Event));
    }

    [StoreFact]
    public async Task UnlinkAsync_DeletedRecord_RemovesLinkAndShadowsAndMarksPerson()
    {
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(4, Contact(4))]);
            await t.SetShadowsAsync([Shadow(4, "phone", "1")]);
        });

        await InTransaction(t => t.ApplyLinkChangesAsync([new LinkChange(LinkChangeKind.Unlink, 4, Contact(4), null)]));

        Assert.Null(await Store.FindLinkAsync(4));
        Assert.Empty(await Store.GetShadowsAsync([4L]));
        Assert.Equal(new UnlinkedPerson(4, Contact(4), UnlinkReasons.Deleted, Time.GetUtcNow()), await Store.FindUnlinkedAsync(4));
        var history = await Store.GetLinkHistoryAsync(4);
        Assert.Equal(LinkEvent.Unlinked, history[^1].Event);
        Assert.Equal(UnlinkReasons.Deleted, history[^1].Reason);
    }

    [StoreFact]
    public async Task ApplyLinkChangesAsync_SyncFilterSetToNo_UnlinksWithItsReason()
    {
        await InTransaction(t => t.AddLinksAsync([new Link(5, Contact(5))]));

        await InTransaction(t => t.ApplyLinkChangesAsync([new LinkChange(LinkChangeKind.FilteredOut, 5, Contact(5), null)]));

        Assert.Null(await Store.FindLinkAsync(5));
        Assert.Equal(UnlinkReasons.SyncFilterOff, (await Store.FindUnlinkedAsync(5))?.Reason);
        Assert.Equal((LinkEvent.Unlinked, UnlinkReasons.SyncFilterOff), ((await Store.GetLinkHistoryAsync(5))[^1].Event, (await Store.GetLinkHistoryAsync(5))[^1].Reason));
    }

    [StoreFact]
    public async Task AddLinksAsync_PreviouslyUnlinkedPerson_ClearsMark()
    {
        await InTransaction(t => t.AddLinksAsync([new Link(4, Contact(4))]));
        await InTransaction(t => t.UnlinkAsync(4, "test"));

        await InTransaction(t => t.AddLinksAsync([new Link(4, Lead(40))]));

        Assert.Null(await Store.FindUnlinkedAsync(4));
        Assert.Equal(3, (await Store.GetLinkHistoryAsync(4)).Count);
    }

    [StoreFact]
    public async Task SetShadowsAsync_SameField_OverwritesAndKeepsKindAndNull()
    {
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(1, Lead(1))]);
            await t.SetShadowsAsync([Shadow(1, "email", "A@Example.com"), Shadow(1, "phone", "1")]);
        });

        await InTransaction(t => t.SetShadowsAsync([new ShadowValue(1, "phone", FieldValue.Null), Shadow(1, "title", "x")]));

        var shadows = (await Store.GetShadowsAsync([1L])).ToDictionary(s => s.Field, s => s.Value);
        Assert.Equal(3, shadows.Count);
        Assert.True(shadows["phone"].IsNull);
        Assert.Equal(FieldKind.Email, shadows["email"].Kind);
        Assert.Equal("A@Example.com", shadows["email"].Text);
    }

    [StoreFact]
    public async Task SetShadowsAsync_UnlinkedPerson_IsRefused()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => InTransaction(t => t.SetShadowsAsync([Shadow(42, "phone", "1")])));

        Assert.Empty(await Store.GetShadowsAsync([42L]));
    }

    [StoreFact]
    public async Task SetCursorAsync_SetOverwriteClear_ReadsLatest()
    {
        Assert.Null(await Store.GetCursorAsync(CursorNames.MarketoPagingToken));

        await InTransaction(t => t.SetCursorAsync(CursorNames.MarketoPagingToken, "token-1"));
        await InTransaction(t => t.SetCursorAsync(CursorNames.MarketoPagingToken, "token-2"));
        var latest = await Store.GetCursorAsync(CursorNames.MarketoPagingToken);
        await InTransaction(t => t.SetCursorAsync(CursorNames.MarketoPagingToken, null));

        Assert.Equal("token-2", latest);
        Assert.Null(await Store.GetCursorAsync(CursorNames.MarketoPagingToken));
    }

    [StoreFact]
    public async Task Transaction_DisposedWithoutCommit_LeavesOldState()
    {
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(1, Lead(1))]);
            await t.SetShadowsAsync([Shadow(1, "phone", "old")]);
            await t.SetCursorAsync(CursorNames.StagingPosition, "10");
        });

        await using (var crashed = await Store.BeginAsync())
        {
            await crashed.SetShadowsAsync([Shadow(1, "phone", "new")]);
            await crashed.SetCursorAsync(CursorNames.StagingPosition, "20");
            await crashed.AddLinksAsync([new Link(2, Lead(2))]);
            await crashed.UnlinkAsync(1, "x");
        }

        Assert.Equal("10", await Store.GetCursorAsync(CursorNames.StagingPosition));
        Assert.Equal([Shadow(1, "phone", "old")], await Store.GetShadowsAsync([1L]));
        Assert.Equal(new Link(1, Lead(1)), await Store.FindLinkAsync(1));
        Assert.Null(await Store.FindLinkAsync(2));
    }

    [StoreFact]
    public async Task Markers_SetAndClear_ArePendingWorkUntilCleared()
    {
        await InTransaction(t => t.SetMarkerAsync("cycle", "7"));
        var pending = await Store.GetMarkersAsync();
        await InTransaction(t => t.ClearMarkerAsync("cycle"));

        Assert.Equal("7", pending["cycle"]);
        Assert.Empty(await Store.GetMarkersAsync());
    }

    [StoreFact]
    public async Task MarkerTimes_ByPrefix_AreWhenEachWasSetAndSummarizeTheKeptRequests()
    {
        var first = Time.GetUtcNow();
        await InTransaction(t => t.SetMarkerAsync(StateStore.ReservationMarker(7), "contact"));
        Time.Advance(TimeSpan.FromSeconds(30));
        await InTransaction(t => t.SetMarkerAsync(StateStore.ReservationMarker(5), "lead"));
        await InTransaction(t => t.SetMarkerAsync("cycle", "9"));

        var times = await Store.GetMarkerTimesAsync("reserve:");
        var summary = await Store.GetKeptPersonRequestsSummaryAsync();

        Assert.Equal(["reserve:5", "reserve:7"], times.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 8, 0, 30, TimeSpan.Zero)),
            (times["reserve:7"], times["reserve:5"]));
        Assert.Equal(new KeptRequestsSummary(2, first), summary);

        await InTransaction(async t =>
        {
            await t.ClearMarkerAsync(StateStore.ReservationMarker(5));
            await t.ClearMarkerAsync(StateStore.ReservationMarker(7));
        });
        Assert.Equal(new KeptRequestsSummary(0, null), await Store.GetKeptPersonRequestsSummaryAsync());
    }

    [StoreFact]
    public async Task Cycles_StartedThenCompleted_KeepCountsAndOrder()
    {
        var first = await Store.StartCycleAsync(Time.GetUtcNow());
        Time.Advance(TimeSpan.FromMinutes(5));
        var second = await Store.StartCycleAsync(Time.GetUtcNow());
        var running = await Store.FindCycleAsync(second);

        await InTransaction(t => t.CompleteCycleAsync(new CycleRecord
        {
            Id = second, StartedOn = Time.GetUtcNow(), EndedOn = Time.GetUtcNow().AddSeconds(3), Outcome = CycleOutcome.Completed,
            CrmRead = 1, MarketoRead = 2, CrmWritten = 3, MarketoWritten = 4, Collisions = 5, Rejections = 6, Errors = 7, Message = "ok",
            DataverseCalls = 8, MarketoCalls = 9, Throttled = 10,
        }));

        Assert.Equal(CycleOutcome.Running, running!.Outcome);
        var recent = await Store.GetRecentCyclesAsync(10);
        Assert.Equal([second, first], recent.Select(c => c.Id));
        var done = recent[0];
        Assert.Equal((CycleOutcome.Completed, 1, 2, 3, 4, 5, 6, 7, "ok"),
            (done.Outcome, done.CrmRead, done.MarketoRead, done.CrmWritten, done.MarketoWritten, done.Collisions, done.Rejections, done.Errors, done.Message));
        Assert.Equal((8, 9, 10), (done.DataverseCalls, done.MarketoCalls, done.Throttled));
        Assert.Equal(TimeSpan.FromSeconds(3), done.Duration);
        Assert.Null(recent[1].EndedOn);
    }

    [StoreFact]
    public async Task AddLinksAsync_HundredThousandLinksInOneTransaction_AllStoredAndStreamed()
    {
        const int count = 100_000;
        var links = Enumerable.Range(1, count).Select(i => new Link(i, new RecordKey(i % 2 == 0 ? SyncEntity.Lead : SyncEntity.Contact, Guid.NewGuid())));

        await InTransaction(async t =>
        {
            await t.AddLinksAsync(links);
            await t.SetShadowsAsync(Enumerable.Range(1, count).Select(i => Shadow(i, "email", $"p{i}@example.com")));
        });

        Assert.Equal(count, await Store.CountLinksAsync());
        var streamed = 0;
        await foreach (var _ in Store.GetAllLinksAsync())
        {
            streamed++;
        }

        Assert.Equal(count, streamed);
        Assert.Equal(1000, (await Store.GetShadowsAsync(Enumerable.Range(5000, 1000).Select(i => (long)i))).Count);
    }

    [StoreFact]
    public async Task GetShadowsAsync_OnlySomeFields_ReturnsThoseFieldsOfThosePersons()
    {
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(21, Lead(21)), new Link(22, Lead(22)), new Link(23, Lead(23))]);
            await t.SetShadowsAsync([Shadow(21, "title", "CTO"), Shadow(21, "city", "Oslo"), Shadow(22, "city", "Rome"), Shadow(23, "city", "Lima")]);
        });

        var shadows = await Store.GetShadowsAsync([21L, 22L], new HashSet<string>(StringComparer.Ordinal) { "city", "phone" });

        Assert.Equal([Shadow(21, "city", "Oslo"), Shadow(22, "city", "Rome")], shadows.OrderBy(s => s.MarketoId));
    }
}
