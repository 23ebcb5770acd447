using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using CrmSync.SyncAgent.Tests.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>
/// Two writers on one state, against both emulators with the real plug-in. Issue 18 item 5: the service's cycle and a
/// <c>sync --once</c> at the same time made one of them fail with <c>UNIQUE constraint failed: links.marketo_id</c>.
/// Issue 18 item 3: <c>sync-person --as lead</c> and <c>--as contact</c> started together created a lead and a contact.
/// </summary>
public sealed class ConcurrentWritersTests
{
    private const int Records = 40;

    [Fact]
    public async Task Cycles_TwoAgentsOnOneStateAtOnce_BothCompleteAndEveryRecordIsLinkedOnce()
    {
        await using var sut = await SyncHarness.StartAsync();
        sut.Dataverse.Admin.BulkInsert("contact", Enumerable.Range(0, Records).Select(i => new Dictionary<string, object?>
        {
            ["lastname"] = "Writer " + i, ["emailaddress1"] = $"writer-{i}@example.com",
        }));
        sut.Marketo.Admin.SeedPersons(Enumerable.Range(0, Records / 2).Select(i => new Dictionary<string, object?>
        {
            ["email"] = $"writer-{i}@example.com", ["lastName"] = "Marketo " + i,
        }));
        await using var second = InProcessAgent.BuildServices(new ConfigurationBuilder().AddInMemoryCollection(sut.Settings).Build());

        var reports = await Task.WhenAll(
            sut.Cycle.RunAsync(null, CancellationToken.None),
            second.GetRequiredService<SyncCycle>().RunAsync(null, CancellationToken.None));

        Assert.All(reports, r => Assert.True(r.Completed, r.Record.Message));
        Assert.Equal(Records, await sut.State.CountLinksAsync());
        Assert.DoesNotContain(await sut.State.GetRecentCyclesAsync(10), c => c.Outcome == CycleOutcome.Failed);
        var persons = sut.Marketo.Admin.GetPersons();
        Assert.Equal(Records, persons.Count);
        Assert.DoesNotContain(persons.GroupBy(p => p.Email?.ToLowerInvariant()), g => g.Count() > 1);
    }

    [Fact]
    public async Task SyncPerson_TwoProcessesWithDifferentAs_CreateExactlyOneRecord()
    {
        await using var sut = await SyncHarness.StartAsync();
        var id = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "race@example.com", ["lastName"] = "Race" });
        var folder = Path.GetDirectoryName(sut.Settings["CrmSync:State:ConnectionString"]!["Data Source=".Length..])!;

        using var asLead = AgentProcess.Start(folder, sut.Settings, "sync-person", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--as", "lead");
        using var asContact = AgentProcess.Start(folder, sut.Settings, "sync-person", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--as", "contact");
        var exits = await Task.WhenAll(asLead.WaitAsync(TimeSpan.FromSeconds(120)), asContact.WaitAsync(TimeSpan.FromSeconds(120)));

        Assert.True(exits.All(e => e == ExitCodes.Success), $"lead: {asLead.Output}\ncontact: {asContact.Output}");
        Assert.Equal(1, sut.Dataverse.Admin.Count("lead") + sut.Dataverse.Admin.Count("contact"));
        var link = await sut.State.FindLinkAsync(id);
        Assert.NotNull(link);
        Assert.Equal(PersonRecordId.For(id), link.Record.Id);
        Assert.Equal(1, sut.Dataverse.Admin.Count(link.Entity.ToLogicalName()));
        Assert.DoesNotContain((await sut.State.GetMarkersAsync()).Keys, k => k.StartsWith("reserve:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReservePersonRecordAsync_SecondCallerWithAnotherEntity_GetsTheFirstEntity()
    {
        await using var host = await OpsTestHost.StartAsync();
        await using var services = host.BuildServices();
        var state = services.GetRequiredService<StateStore>();

        var first = await state.ReservePersonRecordAsync(42, SyncEntity.Lead);
        var second = await state.ReservePersonRecordAsync(42, SyncEntity.Contact);

        Assert.Equal((null, SyncEntity.Lead), (first.Link, first.Entity));
        Assert.Equal((null, SyncEntity.Lead), (second.Link, second.Entity));
        Assert.Equal("lead", (await state.GetMarkersAsync())["reserve:42"]);
    }
}
