using Microsoft.Xrm.Sdk;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>DESIGN B14 end to end: a lookup travels one way, as a readable value, and follows an owner change.</summary>
public sealed class LookupTests
{
    [Theory]
    [InlineData("email", "grace@example.com")]
    [InlineData("name", "Grace Hopper")]
    public async Task Cycle_OwnerReassigned_ReachesMarketoAsTheOwnersEmailOrName(string lookupValue, string expected)
    {
        await using var sut = await SyncHarness.StartAsync(settings =>
        {
            settings["CrmSync:Sync:Fields:0:Marketo"] = "email";
            settings["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1";
            settings["CrmSync:Sync:Fields:1:Marketo"] = "department";
            settings["CrmSync:Sync:Fields:1:Dynamics"] = "ownerid";
            settings["CrmSync:Sync:Fields:1:Type"] = "lookup";
            settings["CrmSync:Sync:Fields:1:LookupValue"] = lookupValue;
        });
        var grace = Assert.Single(sut.Dataverse.Admin.BulkInsert("systemuser", [new Dictionary<string, object?>
        {
            ["fullname"] = "Grace Hopper", ["internalemailaddress"] = "grace@example.com",
        }]));
        await sut.RunCycleAsync();
        var lead = sut.CreateAsMaker("lead", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("lead", lead);

        sut.UpdateAsMaker("lead", lead, ("ownerid", new EntityReference("systemuser", grace)));
        var reassigned = await sut.RunCycleAsync();

        Assert.True(reassigned.Completed, reassigned.Record.Message);
        Assert.Equal(expected, sut.MarketoValue(person, "department"));

        // One way: a Marketo edit of the field is never written to Dynamics.
        sut.EditInMarketo(person, ("department", "someone@example.com"));
        var edited = await sut.RunCycleAsync();

        Assert.Equal((0, 0), (edited.Record.CrmWritten, edited.Record.Rejections));
        Assert.Equal(new EntityReference("systemuser", grace).Id, ((EntityReference)sut.DynamicsValue("lead", lead, "ownerid")!).Id);
    }

    [Fact]
    public async Task Cycle_ContactWithParentAccount_ReachesMarketoAsTheAccountName()
    {
        await using var sut = await SyncHarness.StartAsync(settings =>
        {
            settings["CrmSync:Sync:Fields:0:Marketo"] = "email";
            settings["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1";
            settings["CrmSync:Sync:Fields:1:Marketo"] = "company";
            settings["CrmSync:Sync:Fields:1:Dynamics"] = "parentcustomerid";
            settings["CrmSync:Sync:Fields:1:Entities:0"] = "contact";
            settings["CrmSync:Sync:Fields:1:LookupValue"] = "name";
        });
        var account = Assert.Single(sut.Dataverse.Admin.BulkInsert("account", [new Dictionary<string, object?> { ["name"] = "Contoso Ltd" }]));
        await sut.RunCycleAsync();

        // No Type: the column's metadata (Customer) makes it a lookup.
        var contact = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"), ("parentcustomerid", new EntityReference("account", account)));
        var created = await sut.RunCycleAsync();

        Assert.True(created.Completed, created.Record.Message);
        Assert.Equal("Contoso Ltd", sut.MarketoValue(await sut.LinkedPersonAsync("contact", contact), "company"));
    }
}
