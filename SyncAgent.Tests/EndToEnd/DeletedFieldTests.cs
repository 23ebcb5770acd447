using CrmSync.MarketoEmulator.Leads;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Setup;
using CrmSync.SyncAgent.Tests.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 14 lifecycle (B17): a Dynamics delete sets <c>CrmSync:Sync:DeletedField</c> on the person, which is never
/// deleted; the same e-mail created again in Dynamics links the person again and clears it. Real plug-in, both emulators.
/// </summary>
public sealed class DeletedFieldTests
{
    private const string Deleted = "crmsyncDeletedInDynamics";

    [Fact]
    public async Task Cycle_ContactDeletedWithDeletedField_SetsFieldTrueAndKeepsPerson()
    {
        await using var sut = await StartAsync(configured: true);
        await sut.RunCycleAsync(); // the first run's backfill is behind us: the contact is linked by a cycle
        var contact = sut.CreateAsMaker("contact", ("firstname", "Grace"), ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"), ("jobtitle", "Admiral"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        Assert.Equal(false, sut.MarketoValue(person, Deleted));

        sut.Dataverse.Admin.DeleteRecord("contact", contact);
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(true, sut.MarketoValue(person, Deleted));
        Assert.Equal("Admiral", sut.MarketoValue(person, "title"));
        Assert.Equal(1, sut.Marketo.Admin.PersonCount);
        Assert.Equal(1, report.Record.MarketoWritten);
        Assert.Null(await sut.State.FindLinkAsync(person));
        Assert.Equal(UnlinkReasons.Deleted, (await sut.State.FindUnlinkedAsync(person))?.Reason);
    }

    [Fact]
    public async Task Cycle_SameEmailCreatedAgainAfterDelete_RelinksPersonAndClearsField()
    {
        await using var sut = await StartAsync(configured: true);
        var lead = sut.CreateAsMaker("lead", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("lead", lead);
        sut.Dataverse.Admin.DeleteRecord("lead", lead);
        await sut.RunCycleAsync();
        Assert.Equal(true, sut.MarketoValue(person, Deleted));

        var again = sut.CreateAsMaker("contact", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(person, await sut.LinkedPersonAsync("contact", again));
        Assert.Equal(false, sut.MarketoValue(person, Deleted));
        Assert.Equal(1, sut.Marketo.Admin.PersonCount);
    }

    [Fact]
    public async Task Cycle_ContactDeletedWithoutDeletedField_OnlyUnlinks()
    {
        await using var sut = await StartAsync(configured: false);
        var contact = sut.CreateAsMaker("contact", ("lastname", "Hamilton"), ("emailaddress1", "margaret@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        sut.Dataverse.Admin.DeleteRecord("contact", contact);
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Null(sut.MarketoValue(person, Deleted));
        Assert.Equal(0, report.Record.MarketoWritten);
        Assert.Null(await sut.State.FindLinkAsync(person));
    }

    [Theory]
    [InlineData("boolean", true, "'crmsyncDeletedInDynamics' is a Boolean lead field")]
    [InlineData("string", false, "CrmSync:Sync:DeletedField 'crmsyncDeletedInDynamics' is a string field, not Boolean")]
    [InlineData(null, false, "CrmSync:Sync:DeletedField 'crmsyncDeletedInDynamics' is not a Marketo lead field")]
    public async Task Doctor_DeletedFieldConfigured_ChecksDescribe(string? dataType, bool passes, string detail)
    {
        await using var host = await EmulatorOpsHost.StartAsync(configureMarketo: marketo =>
        {
            if (dataType is not null)
            {
                marketo.CustomFields.Add(new MarketoFieldDefinition(0, Deleted, "CrmSync Deleted In Dynamics", dataType, dataType == "string" ? 255 : null));
            }
        });
        host.Settings["CrmSync:Sync:DeletedField"] = Deleted;

        await using var services = host.BuildServices();
        var check = (await services.GetRequiredService<Doctor>().RunAsync(fix: false, CancellationToken.None)).Single(c => c.Name == DeletedFieldCheck.Name);

        Assert.Equal(passes, check.Passed);
        Assert.StartsWith(detail, check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NoDeletedField_HasNoDeletedFieldCheck()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        await using var services = host.BuildServices();

        var checks = await services.GetRequiredService<Doctor>().RunAsync(fix: false, CancellationToken.None);

        Assert.DoesNotContain(checks, c => c.Name == DeletedFieldCheck.Name);
    }

    private static Task<SyncHarness> StartAsync(bool configured) => SyncHarness.StartAsync(
        settings =>
        {
            if (configured)
            {
                settings["CrmSync:Sync:DeletedField"] = Deleted;
            }
        },
        configureMarketo: marketo => marketo.CustomFields.Add(new MarketoFieldDefinition(0, Deleted, "CrmSync Deleted In Dynamics", "boolean")));
}
