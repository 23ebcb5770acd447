using CrmSync.SyncAgent.Engine;
using Microsoft.Xrm.Sdk;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// DESIGN B16 end to end (real plug-in, both emulators): a Dynamics account reaches Marketo as a company by its
/// <c>externalCompanyId</c>, follows its updates, is deleted with it, and a contact's parent account gives its person
/// the company's fields. The first run links the accounts already there without duplicating companies.
/// </summary>
public sealed class AccountTests
{
    private static void AccountsOn(Dictionary<string, string?> settings)
    {
        settings["CrmSync:Sync:Accounts:Enabled"] = "true";
        settings["CrmSync:Sync:Fields:0:Marketo"] = "email";
        settings["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1";
        settings["CrmSync:Sync:Fields:1:Marketo"] = "lastName";
        settings["CrmSync:Sync:Fields:1:Dynamics"] = "lastname";
        settings["CrmSync:Sync:Fields:2:Marketo"] = "externalCompanyId";
        settings["CrmSync:Sync:Fields:2:Dynamics"] = "parentcustomerid";
        settings["CrmSync:Sync:Fields:2:Entities:0"] = "contact";
        settings["CrmSync:Sync:Fields:2:LookupValue"] = "externalId";
    }

    [Fact]
    public async Task Cycle_AccountCreatedUpdatedDeleted_MarketoCompanyFollowsByExternalId()
    {
        await using var sut = await SyncHarness.StartAsync(AccountsOn);
        await sut.RunCycleAsync();

        var account = sut.CreateAsMaker("account", ("name", "Contoso Ltd"), ("websiteurl", "https://contoso.example"),
            ("industrycode", new OptionSetValue(7)), ("numberofemployees", 250), ("revenue", new Money(1500000.50m)),
            ("address1_line1", "1 Main St"), ("address1_city", "Seattle"), ("address1_country", "USA"));
        var created = await sut.RunCycleAsync();

        Assert.True(created.Completed, created.Record.Message);
        var company = Assert.Single(sut.Marketo.Admin.GetCompanies());
        Assert.Equal(account.ToString("D"), company.ExternalCompanyId);
        Assert.Equal("Contoso Ltd", company.Fields["company"]);
        Assert.Equal("https://contoso.example", company.Fields["website"]);
        Assert.Equal("Consulting", company.Fields["industry"]);
        Assert.Equal(250L, Convert.ToInt64(company.Fields["numberOfEmployees"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1500000.5m, Convert.ToDecimal(company.Fields["annualRevenue"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("1 Main St", "Seattle", "USA"), (company.Fields["billingStreet"], company.Fields["billingCity"], company.Fields["billingCountry"]));
        Assert.Equal([new ObjectLink(EntityKinds.Company, account, company.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            await sut.State.GetObjectLinksAsync(EntityKinds.Company, [account]));
        Assert.Equal(0, sut.StagingRowCount);

        sut.UpdateAsMaker("account", account, ("name", "Contoso Group"));
        var updated = await sut.RunCycleAsync();

        Assert.True(updated.Completed, updated.Record.Message);
        var renamed = Assert.Single(sut.Marketo.Admin.GetCompanies());
        Assert.Equal((company.Id, "Contoso Group", "Seattle"), (renamed.Id, renamed.Fields["company"], renamed.Fields["billingCity"]));

        sut.Dataverse.Admin.DeleteRecord("account", account);
        var deleted = await sut.RunCycleAsync();

        Assert.True(deleted.Completed, deleted.Record.Message);
        Assert.Empty(sut.Marketo.Admin.GetCompanies());
        Assert.Equal(0, await sut.State.CountObjectLinksAsync(EntityKinds.Company));
    }

    [Fact]
    public async Task Cycle_ContactWithParentAccount_PersonShowsTheCompanysFields()
    {
        await using var sut = await SyncHarness.StartAsync(AccountsOn);
        await sut.RunCycleAsync();
        var account = sut.CreateAsMaker("account", ("name", "Fabrikam Inc"), ("address1_city", "Oslo"), ("industrycode", new OptionSetValue(16)));

        var contact = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"),
            ("parentcustomerid", new EntityReference("account", account)));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        var person = await sut.LinkedPersonAsync("contact", contact);
        Assert.Equal(account.ToString("D"), sut.MarketoValue(person, "externalCompanyId"));
        Assert.Equal(("Fabrikam Inc", "Oslo", "Financial"),
            (sut.MarketoValue(person, "company"), sut.MarketoValue(person, "billingCity"), sut.MarketoValue(person, "industry")));

        // The company's next change shows on the person at once: the person holds no copy.
        sut.UpdateAsMaker("account", account, ("address1_city", "Bergen"));
        await sut.RunCycleAsync();

        Assert.Equal("Bergen", sut.MarketoValue(person, "billingCity"));
    }

    [Fact]
    public async Task Cycle_AccountsMerged_SubordinatesCompanyDeletedItsContactsPersonsShowTheMastersCompany()
    {
        await using var sut = await SyncHarness.StartAsync(AccountsOn);
        await sut.RunCycleAsync();
        var master = sut.CreateAsMaker("account", ("name", "Contoso Ltd"), ("address1_city", "Seattle"));
        var duplicate = sut.CreateAsMaker("account", ("name", "Contoso"), ("address1_city", "Redmond"), ("websiteurl", "https://contoso.example"));
        var moved = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"),
            ("parentcustomerid", new EntityReference("account", duplicate)));
        var stayed = sut.CreateAsMaker("contact", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"),
            ("parentcustomerid", new EntityReference("account", master)));
        await sut.RunCycleAsync();
        var movedPerson = await sut.LinkedPersonAsync("contact", moved);
        var stayedPerson = await sut.LinkedPersonAsync("contact", stayed);
        var masterCompany = Assert.Single(sut.Marketo.Admin.GetCompanies(), c => c.ExternalCompanyId == master.ToString("D"));
        Assert.Equal(2, sut.Marketo.Admin.GetCompanies().Count);
        Assert.Equal("Redmond", sut.MarketoValue(movedPerson, "billingCity"));

        // The merge dialog's choice: the master takes the subordinate's website (UpdateContent).
        await sut.MergeAsMakerAsync("account", master, duplicate, new { websiteurl = "https://contoso.example" });
        var logged = sut.Marketo.Admin.GetRequestLog().Count;
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        // The person moves first, then the company goes: no person is left naming a deleted company.
        var calls = sut.Marketo.Admin.GetRequestLog().Skip(logged).Where(e => e.Method == "POST").Select(e => e.Path).ToList();
        Assert.True(calls.LastIndexOf("/rest/v1/leads.json") < calls.IndexOf("/rest/v1/companies/delete.json"), string.Join(", ", calls));
        var company = Assert.Single(sut.Marketo.Admin.GetCompanies());
        Assert.Equal((masterCompany.Id, master.ToString("D"), "Contoso Ltd", "Seattle", "https://contoso.example"),
            (company.Id, company.ExternalCompanyId, company.Fields["company"], company.Fields["billingCity"], company.Fields["website"]));
        Assert.Equal(master.ToString("D"), sut.MarketoValue(movedPerson, "externalCompanyId"));
        Assert.Equal(("Contoso Ltd", "Seattle"), (sut.MarketoValue(movedPerson, "company"), sut.MarketoValue(movedPerson, "billingCity")));
        Assert.Equal(("Contoso Ltd", master.ToString("D")), (sut.MarketoValue(stayedPerson, "company"), sut.MarketoValue(stayedPerson, "externalCompanyId")));
        Assert.Empty(await sut.State.GetObjectLinksAsync(EntityKinds.Company, [duplicate]));
        Assert.Single(await sut.State.GetObjectLinksAsync(EntityKinds.Company, [master]));
        Assert.Equal(2, sut.Marketo.Admin.PersonCount);
        Assert.Equal(1, sut.DynamicsValue("account", duplicate, "statecode"));
        Assert.Equal(master, ((EntityReference)sut.DynamicsValue("contact", moved, "parentcustomerid")!).Id);
        Assert.Equal(0, sut.StagingRowCount);
        Assert.Empty(await sut.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()));

        var idle = await sut.RunCycleAsync();
        Assert.Equal((0, 0), (idle.Record.MarketoWritten, idle.Record.CrmWritten));
    }

    [Fact]
    public async Task FirstRun_AccountsAlreadyThere_LinksEachToOneCompanyWithoutDuplicates()
    {
        await using var sut = await SyncHarness.StartAsync(AccountsOn);
        var accounts = sut.Dataverse.Admin.BulkInsert("account", Enumerable.Range(1, 305).Select(i =>
            (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["name"] = $"Account {i:D3}" }));
        // One of them is already a company in Marketo (created by hand, with the account id as its external id).
        var existing = sut.Marketo.Admin.SeedCompany(accounts[42].ToString("D"), "Old name");

        var first = await sut.RunCycleAsync();
        var second = await sut.RunCycleAsync();

        Assert.True(first.Completed, first.Record.Message);
        var companies = sut.Marketo.Admin.GetCompanies();
        Assert.Equal(305, companies.Count);
        Assert.Equal(305, companies.Select(c => c.ExternalCompanyId).Distinct().Count());
        var seeded = Assert.Single(companies, c => c.Id == existing);
        Assert.Equal(("Account 043", accounts[42].ToString("D")), (seeded.Fields["company"], seeded.ExternalCompanyId));
        Assert.Equal(305, await sut.State.CountObjectLinksAsync(EntityKinds.Company));
        Assert.Equal((305, 0), (first.Record.MarketoWritten, second.Record.MarketoWritten));
    }

    [Fact]
    public async Task Cycle_AccountsNotEnabled_StagesAndWritesNoCompany()
    {
        await using var sut = await SyncHarness.StartAsync();
        await sut.RunCycleAsync();

        sut.CreateAsMaker("account", ("name", "Contoso Ltd"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Empty(sut.Marketo.Admin.GetCompanies());
        Assert.Equal((0, 0), (report.Record.CrmRead, sut.StagingRowCount));
        Assert.DoesNotContain(sut.Marketo.Admin.GetRequestLog(), e => e.Path.Contains("companies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cycle_MarketoRefusesTheCompany_RejectionRecordedOtherAccountsWritten()
    {
        await using var sut = await SyncHarness.StartAsync(settings =>
        {
            AccountsOn(settings);
            settings["CrmSync:Sync:Accounts:Fields:0:Marketo"] = "company";
            settings["CrmSync:Sync:Accounts:Fields:0:Dynamics"] = "name";
            // A text column into Marketo's integer field: Marketo refuses a value that is not a number (1001).
            settings["CrmSync:Sync:Accounts:Fields:1:Marketo"] = "numberOfEmployees";
            settings["CrmSync:Sync:Accounts:Fields:1:Dynamics"] = "telephone1";
        });
        await sut.RunCycleAsync();
        var refused = sut.CreateAsMaker("account", ("name", "Fabrikam Inc"), ("telephone1", "555-0100"));
        sut.CreateAsMaker("account", ("name", "Contoso Ltd"), ("telephone1", "250"));

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal((1, 1), (report.Record.MarketoWritten, report.Record.Rejections));
        var company = Assert.Single(sut.Marketo.Admin.GetCompanies());
        Assert.Equal(("Contoso Ltd", 250L), (company.Fields["company"], Convert.ToInt64(company.Fields["numberOfEmployees"], System.Globalization.CultureInfo.InvariantCulture)));
        var rejection = Assert.Single(await sut.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()));
        Assert.Equal(("sync company", "1001"), (rejection.Operation, rejection.ErrorCode));
        Assert.StartsWith($"account {refused:D}: ", rejection.Message, StringComparison.Ordinal);
        Assert.Empty(await sut.State.GetObjectLinksAsync(EntityKinds.Company, [refused]));
        Assert.Equal(0, sut.StagingRowCount);
    }
}
