using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.Tests.Dataverse;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Npgsql;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16 scenario 3: PostgreSQL restarts while a cycle is inside a Dataverse call. The cycle fails with a clear error
/// and commits nothing; once the server is back, the next cycle (same agent services, same connection pool) completes
/// and every change arrives exactly once. The test stops the server, so it starts its own cluster rather than the
/// collection's shared one, and runs the <c>SyncCycle</c> on a <c>PostgresStateStore</c> (both emulators, the real plug-in).
/// </summary>
public sealed class PostgresRestartTests
{
    [PostgresFact]
    public async Task Cycle_PostgresRestartedMidCycle_FailsCleanlyAndTheNextCycleCarriesEveryChangeOnce()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync("restart");
        await using var sut = await SyncHarness.StartAsync(decorateState: _ => new PostgresStateStore(database, TimeProvider.System, "default"));
        var fromDynamics = sut.CreateAsMaker("contact", ("lastname", "Dyn"), ("emailaddress1", "dyn@example.com"), ("telephone1", "100"));
        var fromMarketo = sut.CreateAsMaker("contact", ("lastname", "Mkt"), ("emailaddress1", "mkt@example.com"), ("telephone1", "100"));
        await sut.RunCycleAsync();
        var dynPerson = await sut.LinkedPersonAsync("contact", fromDynamics);
        var mktPerson = await sut.LinkedPersonAsync("contact", fromMarketo);

        // Changes on both sides: a Dynamics update, a Marketo edit and a new Dynamics contact (a person to create once).
        sut.UpdateAsMaker("contact", fromDynamics, ("telephone1", "200"));
        sut.EditInMarketo(mktPerson, ("lastName", "MktEdited"));
        var created = sut.CreateAsMaker("contact", ("lastname", "New"), ("emailaddress1", "new@example.com"), ("telephone1", "300"));

        // Hold the cycle inside its first Dataverse call, stop PostgreSQL there, then let the call answer.
        var hold = HeldDataverseRequest.Every(sut.Dataverse.Admin);
        var cycle = sut.RunCycleAsync();
        await hold.Entered.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.StopServerAsync();
        sut.Dataverse.Admin.Faults = new FaultSettings();
        hold.Release();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => cycle.WaitAsync(TimeSpan.FromSeconds(120)));

        // The cause, not a later failure to record the cycle's end (that hid it before: "Failed to connect to 127.0.0.1:<port>").
        Assert.Equal("57P01", Assert.IsType<PostgresException>(error).SqlState);
        Assert.Equal("57P01: terminating connection due to administrator command", error.Message);
        Assert.Equal("100", sut.MarketoValue(dynPerson, "phone"));
        Assert.Equal("Mkt", sut.DynamicsValue("contact", fromMarketo, "lastname"));
        Assert.Equal(["dyn@example.com", "mkt@example.com"], sut.Marketo.Admin.GetPersons().Select(p => (string?)p["email"]).Order());

        Assert.Equal(2, sut.StagingRowCount);

        await cluster.StartServerAsync();
        Assert.Equal(2, await sut.State.CountLinksAsync());
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, created)));

        await sut.RunCycleAsync();

        Assert.Equal("200", sut.MarketoValue(dynPerson, "phone"));
        Assert.Equal("MktEdited", sut.DynamicsValue("contact", fromMarketo, "lastname"));
        Assert.Equal(["dyn@example.com", "mkt@example.com", "new@example.com"], sut.Marketo.Admin.GetPersons().Select(p => (string?)p["email"]).Order());
        Assert.Equal(3, sut.Dataverse.Admin.Count("contact"));
        Assert.Equal(3, await sut.State.CountLinksAsync());
        Assert.Equal("300", sut.MarketoValue(await sut.LinkedPersonAsync("contact", created), "phone"));
        Assert.Equal(0, sut.StagingRowCount);
        Assert.Equal(CycleOutcome.Completed, (await sut.State.GetRecentCyclesAsync(1)).Single().Outcome);
    }
}
