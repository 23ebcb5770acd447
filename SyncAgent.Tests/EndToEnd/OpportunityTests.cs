using System.Globalization;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using Microsoft.Xrm.Sdk;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// DESIGN B16 end to end (real plug-in, both emulators): a Dynamics opportunity reaches Marketo as an opportunity by its
/// <c>externalOpportunityId</c> with the default mapping (name, amount, close date, stage label, isClosed/isWon from
/// statecode), its customer contact's person gets the opportunity role, updates follow, and a delete deletes the
/// opportunity and its roles. A role whose contact is not linked yet waits and is written once the contact links. The
/// first run links the opportunities already there without duplicates.
/// </summary>
public sealed class OpportunityTests
{
    private static void OpportunitiesOn(Dictionary<string, string?> settings)
    {
        settings["CrmSync:Sync:Opportunities:Enabled"] = "true";
        settings["CrmSync:Sync:Fields:0:Marketo"] = "email";
        settings["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1";
        settings["CrmSync:Sync:Fields:1:Marketo"] = "lastName";
        settings["CrmSync:Sync:Fields:1:Dynamics"] = "lastname";
    }

    [Fact]
    public async Task Cycle_OpportunityCreatedUpdatedDeleted_MarketoOpportunityAndRoleFollow()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        var contact = sut.CreateAsMaker("contact", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Contoso renewal"), ("estimatedvalue", new Money(25000.50m)),
            ("estimatedclosedate", new DateTime(2025, 6, 30, 0, 0, 0, DateTimeKind.Utc)), ("salesstage", new OptionSetValue(1)),
            ("customerid", new EntityReference("contact", contact)));
        var created = await sut.RunCycleAsync();

        Assert.True(created.Completed, created.Record.Message);
        var written = Assert.Single(sut.Marketo.Admin.GetOpportunities());
        Assert.Equal(opportunity.ToString("D"), written.ExternalOpportunityId);
        Assert.Equal(("Contoso renewal", 25000.5m, "2025-06-30", "Develop", false, false),
            (written.Fields["name"], Convert.ToDecimal(written.Fields["amount"], CultureInfo.InvariantCulture), written.Fields["closeDate"],
             written.Fields["stage"], written.Fields["isClosed"], written.Fields["isWon"]));
        var role = Assert.Single(sut.Marketo.Admin.GetOpportunityRoles());
        Assert.Equal((opportunity.ToString("D"), person, "Decision Maker", (bool?)true), (role.ExternalOpportunityId, role.LeadId, role.Role, role.IsPrimary));
        Assert.Equal([new ObjectLink(EntityKinds.Opportunity, opportunity, written.MarketoGuid.ToString("D"))],
            await sut.State.GetObjectLinksAsync(EntityKinds.Opportunity, [opportunity]));
        Assert.Equal(0, sut.StagingRowCount);

        sut.UpdateAsMaker("opportunity", opportunity, ("statecode", new OptionSetValue(1)), ("statuscode", new OptionSetValue(3)));
        var won = await sut.RunCycleAsync();

        Assert.True(won.Completed, won.Record.Message);
        var closed = Assert.Single(sut.Marketo.Admin.GetOpportunities());
        Assert.Equal((written.MarketoGuid, true, true, "Contoso renewal"), (closed.MarketoGuid, closed.Fields["isClosed"], closed.Fields["isWon"], closed.Fields["name"]));

        sut.Dataverse.Admin.DeleteRecord("opportunity", opportunity);
        var deleted = await sut.RunCycleAsync();

        Assert.True(deleted.Completed, deleted.Record.Message);
        Assert.Empty(sut.Marketo.Admin.GetOpportunities());
        Assert.Empty(sut.Marketo.Admin.GetOpportunityRoles());
        Assert.Equal(0, await sut.State.CountObjectLinksAsync(EntityKinds.Opportunity));
    }

    [Fact]
    public async Task Cycle_CustomerChangedToAnotherContact_MarketoShowsTheNewContactsRoleOnly()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        var ada = sut.CreateAsMaker("contact", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        var grace = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"));
        await sut.RunCycleAsync();
        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Contoso renewal"), ("customerid", new EntityReference("contact", ada)));
        await sut.RunCycleAsync();
        Assert.Equal(["ada@example.com"], RoleEmails(sut));

        sut.UpdateAsMaker("opportunity", opportunity, ("customerid", new EntityReference("contact", grace)));
        var changed = await sut.RunCycleAsync();

        Assert.True(changed.Completed, changed.Record.Message);
        var role = Assert.Single(sut.Marketo.Admin.GetOpportunityRoles());
        Assert.Equal((opportunity.ToString("D"), "grace@example.com", "Decision Maker", (bool?)true),
            (role.ExternalOpportunityId, sut.Marketo.Admin.GetPerson((int)role.LeadId)?.Email, role.Role, role.IsPrimary));
    }

    [Fact]
    public async Task Cycle_CustomerChangedToAnAccount_NoRoleLeft()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        var ada = sut.CreateAsMaker("contact", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        var account = sut.CreateAsMaker("account", ("name", "Contoso Ltd"));
        await sut.RunCycleAsync();
        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Contoso renewal"), ("customerid", new EntityReference("contact", ada)));
        await sut.RunCycleAsync();
        Assert.Equal(["ada@example.com"], RoleEmails(sut));

        sut.UpdateAsMaker("opportunity", opportunity, ("customerid", new EntityReference("account", account)));
        var changed = await sut.RunCycleAsync();

        Assert.True(changed.Completed, changed.Record.Message);
        Assert.Empty(sut.Marketo.Admin.GetOpportunityRoles());
        Assert.Single(sut.Marketo.Admin.GetOpportunities());
    }

    [Fact]
    public async Task Cycle_CustomerChangedToAnAccountWithAParentContact_RoleMovesToTheParentContact()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        var ada = sut.CreateAsMaker("contact", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        var grace = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"));
        var account = sut.CreateAsMaker("account", ("name", "Contoso Ltd"));
        await sut.RunCycleAsync();
        // The customer (Ada) wins over the parent contact (Grace) while it is a contact.
        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Contoso renewal"), ("customerid", new EntityReference("contact", ada)),
            ("parentcontactid", new EntityReference("contact", grace)));
        await sut.RunCycleAsync();
        Assert.Equal(["ada@example.com"], RoleEmails(sut));

        // Only customerid is staged; the unchanged parentcontactid now names the role's contact.
        sut.UpdateAsMaker("opportunity", opportunity, ("customerid", new EntityReference("account", account)));
        var changed = await sut.RunCycleAsync();

        Assert.True(changed.Completed, changed.Record.Message);
        Assert.Equal(["grace@example.com"], RoleEmails(sut));
        Assert.Equal(opportunity.ToString("D"), Assert.Single(sut.Marketo.Admin.GetOpportunityRoles()).ExternalOpportunityId);
    }

    [Fact]
    public async Task Cycle_CustomerChangedWhileTheOldContactsRoleWaits_WaitingRoleDropped()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        // No e-mail: Turing cannot link, so his role waits.
        var turing = sut.CreateAsMaker("contact", ("lastname", "Turing"));
        var account = sut.CreateAsMaker("account", ("name", "Contoso Ltd"));
        await sut.RunCycleAsync();
        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Bletchley"), ("customerid", new EntityReference("contact", turing)));
        await sut.RunCycleAsync();
        Assert.Equal($"{{\"{opportunity:D}\":\"{turing:D}\"}}", await sut.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));

        sut.UpdateAsMaker("opportunity", opportunity, ("customerid", new EntityReference("account", account)));
        await sut.RunCycleAsync();
        // Turing links later: his role must not come back.
        sut.UpdateAsMaker("contact", turing, ("emailaddress1", "alan@example.com"));
        var linked = await sut.RunCycleAsync();

        Assert.True(linked.Completed, linked.Record.Message);
        Assert.Null(await sut.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));
        Assert.Empty(sut.Marketo.Admin.GetOpportunityRoles());
    }

    private static List<string?> RoleEmails(SyncHarness sut) =>
        [.. sut.Marketo.Admin.GetOpportunityRoles().Select(r => sut.Marketo.Admin.GetPerson((int)r.LeadId)?.Email).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Cycle_OpportunityLost_IsClosedAndNotWon()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        await sut.RunCycleAsync();

        sut.CreateAsMaker("opportunity", ("name", "Fabrikam pilot"), ("statecode", new OptionSetValue(2)), ("statuscode", new OptionSetValue(5)));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        var lost = Assert.Single(sut.Marketo.Admin.GetOpportunities());
        Assert.Equal((true, false), (lost.Fields["isClosed"], lost.Fields["isWon"]));
        Assert.Empty(sut.Marketo.Admin.GetOpportunityRoles());
    }

    [Fact]
    public async Task Cycle_ContactCreatedWithItsOpportunity_RoleWrittenInTheSameCycle()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        await sut.RunCycleAsync();

        // The opportunity is written before the cycle links the new contact: its role waits until the persons are linked.
        var contact = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"));
        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Navy contract"), ("customerid", new EntityReference("contact", contact)));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        var role = Assert.Single(sut.Marketo.Admin.GetOpportunityRoles());
        Assert.Equal((opportunity.ToString("D"), await sut.LinkedPersonAsync("contact", contact)), (role.ExternalOpportunityId, role.LeadId));
        Assert.Null(await sut.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));
    }

    [Fact]
    public async Task Cycle_CustomerContactNotLinkedYet_RoleWaitsAcrossCyclesThenIsWritten()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        await sut.RunCycleAsync();
        // No e-mail: the contact cannot link to a person yet. The customer is an account, so parentcontactid names the contact.
        var account = sut.CreateAsMaker("account", ("name", "Contoso Ltd"));
        var contact = sut.CreateAsMaker("contact", ("lastname", "Turing"));
        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Bletchley"), ("customerid", new EntityReference("account", account)),
            ("parentcontactid", new EntityReference("contact", contact)));

        var first = await sut.RunCycleAsync();
        var second = await sut.RunCycleAsync();

        Assert.True(first.Completed && second.Completed, first.Record.Message + second.Record.Message);
        Assert.Single(sut.Marketo.Admin.GetOpportunities());
        Assert.Empty(sut.Marketo.Admin.GetOpportunityRoles());
        Assert.Equal($"{{\"{opportunity:D}\":\"{contact:D}\"}}", await sut.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));

        sut.UpdateAsMaker("contact", contact, ("emailaddress1", "alan@example.com"));
        var linked = await sut.RunCycleAsync();

        Assert.True(linked.Completed, linked.Record.Message);
        var role = Assert.Single(sut.Marketo.Admin.GetOpportunityRoles());
        Assert.Equal((opportunity.ToString("D"), await sut.LinkedPersonAsync("contact", contact)), (role.ExternalOpportunityId, role.LeadId));
        Assert.Null(await sut.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));
    }

    [Fact]
    public async Task FirstRun_OpportunitiesAlreadyThere_LinksEachToOneOpportunityWithoutDuplicates()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        var contact = sut.Dataverse.Admin.CreateRecord("contact", new Dictionary<string, object?> { ["lastname"] = "Lovelace", ["emailaddress1"] = "ada@example.com" });
        var opportunities = sut.Dataverse.Admin.BulkInsert("opportunity", Enumerable.Range(1, 305).Select(i =>
            (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["name"] = $"Opportunity {i:D3}",
                ["estimatedvalue"] = new Money(i * 100m),
                ["customerid"] = i <= 2 ? new EntityReference("contact", contact) : null,
            }));
        // One of them is already an opportunity in Marketo (created by hand, with the opportunity id as its external id).
        var existing = sut.Marketo.Admin.SeedOpportunity(opportunities[42].ToString("D"), "Old name");

        var first = await sut.RunCycleAsync();
        var second = await sut.RunCycleAsync();

        Assert.True(first.Completed, first.Record.Message);
        var written = sut.Marketo.Admin.GetOpportunities();
        Assert.Equal(305, written.Count);
        Assert.Equal(305, written.Select(o => o.ExternalOpportunityId).Distinct().Count());
        var seeded = Assert.Single(written, o => o.MarketoGuid == existing);
        Assert.Equal(("Opportunity 043", 4300m), (seeded.Fields["name"], Convert.ToDecimal(seeded.Fields["amount"], CultureInfo.InvariantCulture)));
        Assert.Equal(305, await sut.State.CountObjectLinksAsync(EntityKinds.Opportunity));
        // The two customer-contact roles: the contact links in the same first run, after the opportunities were written.
        // Ids come in no order: compare as sorted sets.
        Assert.Equal(new[] { opportunities[0].ToString("D"), opportunities[1].ToString("D") }.Order(StringComparer.Ordinal),
            sut.Marketo.Admin.GetOpportunityRoles().Select(r => r.ExternalOpportunityId).Order(StringComparer.Ordinal));
        Assert.Equal(0, second.Record.MarketoWritten);
    }

    [Fact]
    public async Task Cycle_MarketoRefusesTheRole_RejectionRecordedOpportunityKept()
    {
        await using var sut = await SyncHarness.StartAsync(OpportunitiesOn);
        var contact = sut.CreateAsMaker("contact", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        await sut.RunCycleAsync();
        // The person is deleted in Marketo; its link is still there when the opportunity's role is written: Marketo says 1004.
        sut.Marketo.Admin.DeletePerson((int)await sut.LinkedPersonAsync("contact", contact));

        var opportunity = sut.CreateAsMaker("opportunity", ("name", "Analytical engine"), ("customerid", new EntityReference("contact", contact)));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Single(sut.Marketo.Admin.GetOpportunities());
        Assert.Empty(sut.Marketo.Admin.GetOpportunityRoles());
        var rejection = Assert.Single(await sut.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()), r => r.Operation == "role opportunity");
        Assert.Equal("1004", rejection.ErrorCode);
        Assert.StartsWith($"opportunity {opportunity:D}: ", rejection.Message, StringComparison.Ordinal);
        Assert.Null(await sut.State.GetCursorAsync(ObjectRoles.PendingCursor(EntityKinds.Opportunity)));
    }

    [Fact]
    public async Task Cycle_OpportunitiesNotEnabled_WritesNoOpportunity()
    {
        await using var sut = await SyncHarness.StartAsync();
        await sut.RunCycleAsync();

        sut.CreateAsMaker("opportunity", ("name", "Contoso renewal"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Empty(sut.Marketo.Admin.GetOpportunities());
        Assert.Equal(0, sut.StagingRowCount);
        Assert.DoesNotContain(sut.Marketo.Admin.GetRequestLog(), e => e.Path.Contains("opportunities", StringComparison.Ordinal));
    }
}
