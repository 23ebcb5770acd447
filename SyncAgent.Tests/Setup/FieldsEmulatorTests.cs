using System.Text.RegularExpressions;
using CrmSync.DataverseEmulator.Security;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// <c>crmsync fields</c> and <c>fields --check</c> (B6) against the Dataverse emulator's metadata
/// (<c>EntityDefinitions(..)/Attributes</c>) and column security (<c>RetrievePrincipalAttributePrivileges</c>).
/// </summary>
public sealed class FieldsEmulatorTests
{
    /// <summary>One table row of the listing: attribute, type, secured, can read, can update, Marketo field.</summary>
    private static Regex Row(string attribute, string type, string secured, string read, string update, string marketo) =>
        new($@"│ {attribute}\s+│ {type}\s+│ {secured}\s+│ {read}\s+│ {update}\s+│ {marketo}\s*│", RegexOptions.CultureInvariant);

    [Fact]
    public async Task Fields_FreshImport_ListsLeadAndContactColumnsWithTypeAccessAndMapping()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Dataverse.Admin.SecureColumn("lead", "description");

        var (exitCode, output, error) = await host.RunAsync("fields");

        Assert.True(exitCode == 0, error);
        var lead = output[output.IndexOf("lead columns", StringComparison.Ordinal)..output.IndexOf("contact columns", StringComparison.Ordinal)];
        var contact = output[output.IndexOf("contact columns", StringComparison.Ordinal)..];
        Assert.Matches(Row("emailaddress1", "String", "no", "yes", "yes", "email"), lead);
        Assert.Matches(Row("companyname", "String", "no", "yes", "yes", "company"), lead);
        Assert.Matches(Row("createdon", "DateTime", "no", "yes", "no", ""), lead);
        Assert.Matches(Row("description", "Memo", "yes", "no", "no", ""), lead);
        Assert.Matches(Row("crmsync_synctomarketo", "Boolean", "no", "yes", "yes", ""), lead);
        Assert.Matches(Row("jobtitle", "String", "no", "yes", "yes", "title"), contact);
        Assert.Matches(Row("originatingleadid", "Lookup", "no", "yes", "yes", ""), contact);
    }

    [Fact]
    public async Task FieldsCheck_DefaultMapping_Passes()
    {
        await using var host = await EmulatorOpsHost.StartAsync();

        var (exitCode, output, error) = await host.RunAsync("fields", "--check");

        Assert.True(exitCode == 0, output + error);
        Assert.DoesNotContain("ERROR", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "Read and Update")]
    [InlineData(true, "Update")]
    public async Task FieldsCheck_SecuredColumnWithoutAccess_RefusesNamingTheColumnAndPrivilege(bool canRead, string missing)
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Dataverse.Admin.SecureColumn("contact", "jobtitle");
        if (canRead)
        {
            host.Dataverse.Admin.GrantColumnAccess(host.SyncUserId, "contact", "jobtitle", new ColumnGrant(CanRead: true, CanUpdate: false, CanCreate: false));
        }

        var (exitCode, output, _) = await host.RunAsync("fields", "--check");
        await using var services = host.BuildServices();
        var findings = await services.GetRequiredService<MappingChecker>().CheckAsync(includeMarketo: true, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("ERROR", output, StringComparison.Ordinal);
        Assert.Contains("contact.jobtitle", output, StringComparison.Ordinal);
        var error = Assert.Single(findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(("contact", "jobtitle"), (error.Table, error.Dynamics));
        Assert.StartsWith($"Column contact.jobtitle is secured (column security) and the sync user lacks the {missing} privilege on it;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsApply_SecuredColumnWithoutAccess_RefusesAndLeavesTheStepsAlone()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Dataverse.Admin.SecureColumn("lead", "telephone1");
        var before = host.Steps().ToDictionary(s => s.Key, s => s.Value["configuration"]);

        var (exitCode, _, error) = await host.RunAsync("fields", "--apply");

        Assert.Equal(1, exitCode);
        Assert.Contains("the mapping has errors; the plug-in steps were not changed", error, StringComparison.Ordinal);
        Assert.Equal(before, host.Steps().ToDictionary(s => s.Key, s => s.Value["configuration"]));
    }

    /// <summary>One row with the Marketo side: attribute, Dynamics type, …, Marketo field, Marketo dataType, fits.</summary>
    private static Regex TypedRow(string attribute, string type, string marketo, string marketoType, string fits) =>
        new($@"│ {attribute}\s+│ {type}\s+│ \w+\s+│ \w+\s+│ \w+\s+│ {marketo}\s+│ {marketoType}\s+│ {fits}\s*│", RegexOptions.CultureInvariant);

    [Fact]
    public async Task Fields_DefaultMappingAndAMultiSelect_ShowDynamicsTypeMarketoDataTypeAndFit()
    {
        await using var host = await EmulatorOpsHost.StartAsync(
            dataverse => dataverse.ChoiceColumns.Add(new DataverseEmulator.ChoiceColumn("lead", "new_interests", MultiSelect: true, [new(1, "Golf"), new(2, "Chess")])),
            marketo => marketo.CustomFields.Add(new MarketoEmulator.Leads.MarketoFieldDefinition(1001, "interests", "Interests", "string", 255)));
        List<(string Marketo, string Dynamics, SyncEntity Entity, FieldDirection Direction)> fields =
            [.. DefaultFieldMapping.Maps.Select(m => (m.Marketo, m.Dynamics, m.Entity, m.Direction)), ("interests", "new_interests", SyncEntity.Lead, FieldDirection.Both)];
        for (var i = 0; i < fields.Count; i++)
        {
            host.Settings[$"CrmSync:Sync:Fields:{i}:Marketo"] = fields[i].Marketo;
            host.Settings[$"CrmSync:Sync:Fields:{i}:Dynamics"] = fields[i].Dynamics;
            host.Settings[$"CrmSync:Sync:Fields:{i}:Entities:0"] = fields[i].Entity.ToLogicalName();
            host.Settings[$"CrmSync:Sync:Fields:{i}:Direction"] = fields[i].Direction == FieldDirection.ToMarketo ? "toMarketo" : "both";
        }

        var (exitCode, output, error) = await host.RunAsync("fields");
        var (checkCode, checkOutput, checkError) = await host.RunAsync("fields", "--check");

        Assert.True(exitCode == 0, error);
        var lead = output[output.IndexOf("lead columns", StringComparison.Ordinal)..output.IndexOf("contact columns", StringComparison.Ordinal)];
        var contact = output[output.IndexOf("contact columns", StringComparison.Ordinal)..];
        Assert.Matches(TypedRow("leadsourcecode", "Picklist", "leadSource", "string", "yes"), lead);
        Assert.Matches(TypedRow("industrycode", "Picklist", "industry", "string", "yes"), lead);
        Assert.Matches(TypedRow("statuscode", "Status", "leadStatus", "string", "yes"), lead);
        Assert.Matches(TypedRow("revenue", "Money", "annualRevenue", "currency", "yes"), lead);
        Assert.Matches(TypedRow("numberofemployees", "Integer", "numberOfEmployees", "integer", "yes"), lead);
        Assert.Matches(TypedRow("donotbulkemail", "Boolean", "unsubscribed", "boolean", "yes"), lead);
        Assert.Matches(TypedRow("websiteurl", "String", "website", "url", "yes"), lead);
        Assert.Matches(TypedRow("new_interests", "MultiSelectPicklist", "interests", "string", "yes"), lead);
        Assert.Matches(TypedRow("donotphone", "Boolean", "doNotCall", "boolean", "yes"), contact);
        Assert.Matches(TypedRow("leadsourcecode", "Picklist", "", "", ""), contact);
        Assert.True(checkCode == 0, checkOutput + checkError);
        Assert.DoesNotContain("error", checkOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Lengths differ: Marketo 'address' holds 65535 characters, lead.address1_line1 250; longer Marketo values will be refused by Dynamics.", checkOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsCheck_ChoiceMappedToAnIntegerMarketoField_FailsNamingTheMisfit()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Fields:0:Marketo"] = "email";
        host.Settings["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1";
        host.Settings["CrmSync:Sync:Fields:1:Marketo"] = "leadScore";
        host.Settings["CrmSync:Sync:Fields:1:Dynamics"] = "leadsourcecode";
        host.Settings["CrmSync:Sync:Fields:1:Entities:0"] = "lead";

        var (listCode, listOutput, _) = await host.RunAsync("fields");
        var (exitCode, output, _) = await host.RunAsync("fields", "--check");

        Assert.Equal(0, listCode);
        Assert.Matches(TypedRow("leadsourcecode", "Picklist", "leadScore", "integer", "NO"), listOutput);
        Assert.Equal(1, exitCode);
        Assert.Contains("ERROR", output, StringComparison.Ordinal);
        Assert.Contains("Marketo field 'leadScore' is of type integer, which a optionset field cannot carry.", output.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
