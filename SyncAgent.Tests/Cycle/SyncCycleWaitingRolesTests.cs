using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.Logging;
using static CrmSync.SyncAgent.Tests.Cycle.CycleRig;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// Waiting opportunity roles (DESIGN B16) written after the cycle's last chunk, outside its commit: a Marketo failure
/// there (event 5502) leaves the cycle completed and the roles waiting; the next cycle writes them, once.
/// </summary>
public sealed class SyncCycleWaitingRolesTests
{
    private static readonly Guid Renewal = new("5e0c1f7e-2d3a-4c5b-9e8f-202122232425");
    private static readonly RecordKey Grace = new(SyncEntity.Contact, new Guid("00000000-0000-0000-0000-00000000c001"));
    private const string Waiting = "{\"5e0c1f7e-2d3a-4c5b-9e8f-202122232425\":\"00000000-0000-0000-0000-00000000c001\"}";

    private static readonly ObjectMappings Opportunities =
        new([new ObjectMapping(EntityKinds.Opportunity, EntityKinds.Opportunity.DefaultFields) { RoleName = "Decision Maker" }]);

    /// <summary>
    /// Linked Ann, the opportunity's role waiting for Grace (a contact created in Dynamics, staged now, linked by this
    /// cycle's person writes, after the one-way kinds), the opportunity's backfill done.
    /// </summary>
    private static async Task<CycleRig> CreateRigAsync()
    {
        var rig = await CreateLinkedAsync();
        await rig.InTransactionAsync(async t =>
        {
            await t.SetCursorAsync(OneWaySync.BackfilledCursor(EntityKinds.Opportunity), "2026-03-01T08:00:00.0000000+00:00");
            await t.SetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity), Waiting);
        });
        rig.Crm.Add(Grace, ("emailaddress1", "grace@example.com"), ("firstname", "Grace"), ("lastname", "Hopper"));
        rig.Crm.Stage(StagingId(1), Grace, "Create", ("emailaddress1", "grace@example.com"), ("firstname", "Grace"), ("lastname", "Hopper"));
        return rig;
    }

    [Fact]
    public async Task RunAsync_WaitingRolesWriteFailsAfterTheCommit_CycleCompletedRolesStillWaitNextCycleWritesThemOnce()
    {
        await using var rig = await CreateRigAsync();
        rig.Marketo.FailSyncObjects = ("opportunities/roles", new MarketoApiException("604", "Request timed out"));
        var log = new EventLog();

        var failed = await rig.CreateSut(Opportunities, log).RunAsync(null, CancellationToken.None);

        Assert.True(failed.Completed, failed.Record.Message);
        Assert.Contains(5502, log.EventIds);
        Assert.Equal(9001, (await rig.State.FindLinkAsync(Grace))?.MarketoId);
        Assert.Equal(Waiting, await rig.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));
        Assert.False(rig.Marketo.Objects.ContainsKey("opportunities/roles"));

        var next = await rig.CreateSut(Opportunities).RunAsync(null, CancellationToken.None);
        var after = await rig.CreateSut(Opportunities).RunAsync(null, CancellationToken.None);

        Assert.True(next.Completed && after.Completed, next.Record.Message + after.Record.Message);
        Assert.Null(await rig.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));
        var role = Assert.Single(rig.Marketo.Objects["opportunities/roles"]);
        Assert.Equal(("5e0c1f7e-2d3a-4c5b-9e8f-202122232425", 9001L, "Decision Maker"),
            (role.Key, role.Value["leadId"].GetInt64(), role.Value["role"].GetString()));
        Assert.Equal(1, rig.Marketo.SyncObjectsCalls["opportunities/roles"]);
    }

    [Fact]
    public async Task RunAsync_WaitingRolesWrittenAfterTheCommit_WrittenInTheSameCycleOnce()
    {
        await using var rig = await CreateRigAsync();

        var report = await rig.CreateSut(Opportunities).RunAsync(null, CancellationToken.None);
        var next = await rig.CreateSut(Opportunities).RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed && next.Completed, report.Record.Message + next.Record.Message);
        Assert.Null(await rig.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));
        Assert.Equal(9001L, Assert.Single(rig.Marketo.Objects["opportunities/roles"]).Value["leadId"].GetInt64());
        Assert.Equal(1, rig.Marketo.SyncObjectsCalls["opportunities/roles"]);
    }

    /// <summary>The cycle's log event ids.</summary>
    private sealed class EventLog : ILogger<SyncCycle>
    {
        public List<int> EventIds { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            EventIds.Add(eventId.Id);
    }
}
