using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Xrm.Sdk;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// DESIGN B14/B15 end to end (both emulators, the real plug-in): choices travel as labels, an unknown label is a
/// rejection listing the allowed ones, Two Options ↔ boolean, money, a toMarketo field, KeepNonBlank.
/// </summary>
public sealed class FieldTypeTests
{
    private static void Mapping(Dictionary<string, string?> settings)
    {
        var fields = new (string Marketo, string Dynamics, string? Entity, string? Direction, bool Keep)[]
        {
            ("email", "emailaddress1", null, null, false),
            ("lastName", "lastname", null, null, false),
            ("leadSource", "leadsourcecode", "lead", null, false),
            ("leadStatus", "statuscode", "lead", "toMarketo", false),
            ("unsubscribed", "donotbulkemail", null, null, false),
            ("annualRevenue", "revenue", "lead", null, false),
            ("title", "jobtitle", null, null, true),
        };
        for (var i = 0; i < fields.Length; i++)
        {
            var (marketo, dynamics, entity, direction, keep) = fields[i];
            settings[$"CrmSync:Sync:Fields:{i}:Marketo"] = marketo;
            settings[$"CrmSync:Sync:Fields:{i}:Dynamics"] = dynamics;
            settings[$"CrmSync:Sync:Fields:{i}:Direction"] = direction;
            settings[$"CrmSync:Sync:Fields:{i}:KeepNonBlank"] = keep ? "true" : "false";
            if (entity is not null)
            {
                settings[$"CrmSync:Sync:Fields:{i}:Entities:0"] = entity;
            }
        }
    }

    private static async Task<(SyncHarness Sut, Guid Lead, long Person)> LinkedLeadAsync()
    {
        var sut = await SyncHarness.StartAsync(Mapping);
        await sut.RunCycleAsync();
        var lead = sut.CreateAsMaker(
            "lead", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"), ("leadsourcecode", new OptionSetValue(8)),
            ("revenue", new Money(12345.5m)), ("jobtitle", "CTO"), ("donotbulkemail", false));
        var report = await sut.RunCycleAsync();
        Assert.True(report.Completed, report.Record.Message);
        return (sut, lead, await sut.LinkedPersonAsync("lead", lead));
    }

    [Fact]
    public async Task Cycle_DynamicsChoice_ReachesMarketoAsItsLabel()
    {
        var (sut, _, person) = await LinkedLeadAsync();
        await using var _ = sut;

        Assert.Equal("Web", sut.MarketoValue(person, "leadSource"));
        Assert.Equal("New", sut.MarketoValue(person, "leadStatus"));
        Assert.Equal(12345.5, Convert.ToDouble(sut.MarketoValue(person, "annualRevenue"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(false, sut.MarketoValue(person, "unsubscribed"));
    }

    [Fact]
    public async Task Cycle_MarketoLabel_WrittenToDynamicsAsItsValueAndUnknownLabelRejected()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        sut.EditInMarketo(person, ("leadSource", " trade SHOW"));
        var known = await sut.RunCycleAsync();

        Assert.True(known.Completed, known.Record.Message);
        Assert.Equal(7, sut.DynamicsValue("lead", lead, "leadsourcecode"));

        sut.EditInMarketo(person, ("leadSource", "Fax campaign"), ("lastName", "Byron"));
        var unknown = await sut.RunCycleAsync();

        Assert.True(unknown.Completed, unknown.Record.Message);
        Assert.Equal(1, unknown.Record.Rejections);
        Assert.Equal(7, sut.DynamicsValue("lead", lead, "leadsourcecode"));
        Assert.Equal("Byron", sut.DynamicsValue("lead", lead, "lastname"));
        var stored = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal((SyncDirection.ToDynamics, "invalid-value", "Fax campaign"), (stored.Direction, stored.ErrorCode, Assert.Single(stored.Fields).Value.Text));
        Assert.Equal(
            "'Fax campaign' is not a label of lead.leadsourcecode (a choice); allowed labels: Advertisement, Employee Referral, External Referral, Partner, Public Relations, Seminar, Trade Show, Web, Word of Mouth, Other.",
            stored.Message);
        Assert.Contains("Fax campaign", (string?)Assert.Single(sut.SyncResultsRegarding(lead))["description"], StringComparison.Ordinal);
        Assert.Single(sut.SyncResultActivitiesOf(person));
    }

    [Fact]
    public async Task Cycle_UnsubscribeInMarketo_SetsDoNotBulkEmail()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        sut.EditInMarketo(person, ("unsubscribed", true), ("annualRevenue", 99.95));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(true, sut.DynamicsValue("lead", lead, "donotbulkemail"));
        Assert.Equal(99.95m, sut.DynamicsValue("lead", lead, "revenue"));
    }

    [Fact]
    public async Task Cycle_ToMarketoFieldEditedInMarketo_NotWrittenToDynamics()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        sut.EditInMarketo(person, ("leadStatus", "Qualified"));
        var report = await sut.RunCycleAsync();
        var idle = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal((0, 0), (report.Record.CrmWritten, report.Record.Rejections));
        Assert.Equal(1, sut.DynamicsValue("lead", lead, "statuscode"));
        Assert.Equal("Qualified", sut.MarketoValue(person, "leadStatus"));
        Assert.Equal((0, 0), (idle.Record.CrmWritten, idle.Record.MarketoWritten));

        // Dynamics still owns it: its change reaches Marketo as the label.
        sut.UpdateAsMaker("lead", lead, ("statuscode", new OptionSetValue(2)));
        var owned = await sut.RunCycleAsync();

        Assert.True(owned.Completed, owned.Record.Message);
        Assert.Equal("Contacted", sut.MarketoValue(person, "leadStatus"));
    }

    [Fact]
    public async Task Cycle_KeepNonBlankFieldClearedInMarketo_DynamicsKeepsItsValue()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        sut.EditInMarketo(person, ("title", null));
        var cleared = await sut.RunCycleAsync();

        Assert.True(cleared.Completed, cleared.Record.Message);
        Assert.Equal("CTO", sut.DynamicsValue("lead", lead, "jobtitle"));
        Assert.Equal(0, cleared.Record.CrmWritten);

        sut.EditInMarketo(person, ("title", "CEO"));
        var changed = await sut.RunCycleAsync();

        Assert.True(changed.Completed, changed.Record.Message);
        Assert.Equal("CEO", sut.DynamicsValue("lead", lead, "jobtitle"));
    }

    [Fact]
    public async Task Cycle_DateOnlyColumn_TravelsAsADateBothWays()
    {
        await using var sut = await SyncHarness.StartAsync(settings =>
        {
            settings["CrmSync:Sync:Fields:0:Marketo"] = "email";
            settings["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1";
            settings["CrmSync:Sync:Fields:1:Marketo"] = "dateOfBirth";
            settings["CrmSync:Sync:Fields:1:Dynamics"] = "birthdate";
            settings["CrmSync:Sync:Fields:1:Entities:0"] = "contact";
        });
        await sut.RunCycleAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"), ("birthdate", new DateTime(1906, 12, 9, 0, 0, 0, DateTimeKind.Utc)));
        var created = await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        Assert.True(created.Completed, created.Record.Message);
        Assert.Equal("1906-12-09", sut.MarketoValue(person, "dateOfBirth"));

        sut.EditInMarketo(person, ("dateOfBirth", "1907-01-10"));
        var edited = await sut.RunCycleAsync();

        Assert.True(edited.Completed, edited.Record.Message);
        Assert.Equal(new DateTime(1907, 1, 10, 0, 0, 0, DateTimeKind.Utc), sut.DynamicsValue("contact", contact, "birthdate"));
    }

    [Fact]
    public async Task SyncPerson_ChoiceLabelAndToMarketoField_CreatesWithTheOptionValueAndWithoutTheOneWayValue()
    {
        await using var sut = await SyncHarness.StartAsync(Mapping);
        await sut.RunCycleAsync();
        var person = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?>
        {
            ["email"] = "eve@example.com", ["lastName"] = "Eve", ["leadSource"] = " trade SHOW", ["leadStatus"] = "Contacted",
        });

        var synced = await sut.Services.GetRequiredService<PersonSyncService>().SyncAsync(person, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.Created, synced.Outcome);
        var lead = synced.Record!.Value.Id;
        Assert.Equal(7, sut.DynamicsValue("lead", lead, "leadsourcecode"));
        Assert.Equal(1, sut.DynamicsValue("lead", lead, "statuscode"));
        Assert.Empty(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
    }

    [Fact]
    public async Task SyncPerson_UnknownLabel_CreatesWithoutItAndRecordsTheRejection()
    {
        await using var sut = await SyncHarness.StartAsync(Mapping);
        await sut.RunCycleAsync();
        var person = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?>
        {
            ["email"] = "fay@example.com", ["lastName"] = "Fay", ["leadSource"] = "Fax campaign",
        });

        var synced = await sut.Services.GetRequiredService<PersonSyncService>().SyncAsync(person, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.Created, synced.Outcome);
        Assert.Equal("Fay", sut.DynamicsValue("lead", synced.Record!.Value.Id, "lastname"));
        Assert.Null(sut.DynamicsValue("lead", synced.Record!.Value.Id, "leadsourcecode"));
        var stored = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal((SyncDirection.ToDynamics, "invalid-value", "Fax campaign"), (stored.Direction, stored.ErrorCode, Assert.Single(stored.Fields).Value.Text));
        Assert.Equal(
            "'Fax campaign' is not a label of lead.leadsourcecode (a choice); allowed labels: Advertisement, Employee Referral, External Referral, Partner, Public Relations, Seminar, Trade Show, Web, Word of Mouth, Other.",
            stored.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FirstRunAndCycle_ChoiceWithoutALabelInTheLanguage_IsARejectionNotTheRawValue(bool backfill)
    {
        // Language 1036 (French): the emulator's choices have English labels only, so source 8 has no label to show.
        await using var sut = await SyncHarness.StartAsync(settings =>
        {
            Mapping(settings);
            settings["CrmSync:Sync:LanguageCode"] = "1036";
        });
        if (!backfill)
        {
            await sut.RunCycleAsync();
        }

        var lead = sut.CreateAsMaker("lead", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"), ("leadsourcecode", new OptionSetValue(8)));
        var report = await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("lead", lead);

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("Lovelace", sut.MarketoValue(person, "lastName"));
        Assert.Null(sut.MarketoValue(person, "leadSource"));
        var stored = (await sut.State.SearchRejectionsAsync(new RejectionQuery())).Single(r => r.Fields.Any(f => f.Field == "leadSource"));
        Assert.Equal((SyncDirection.ToMarketo, "8"), (stored.Direction, Assert.Single(stored.Fields).Value.Text));
        Assert.Equal(
            "Value '8' of lead.leadsourcecode has no label in the configured language, so it cannot be shown in Marketo field 'leadSource'; give the option a label in Dynamics.",
            stored.Message);
    }
}
