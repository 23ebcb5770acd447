using System.Text.RegularExpressions;
using CrmSync.SyncAgent.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// <c>crmsync fields</c> and <c>fields --check</c> with accounts enabled (DESIGN B6, B16): the account columns with their
/// Dynamics type, the Marketo company field from Describe Company (<c>GET /rest/v1/companies/describe.json</c>) and
/// whether they fit.
/// </summary>
public sealed class FieldsAccountsEmulatorTests
{
    private const string AccountTable = "account columns (to Marketo companies, one way)";

    /// <summary>One row: attribute, Dynamics type, secured, read, update, Marketo company field, its dataType, fits.</summary>
    private static Regex Row(string attribute, string type, string marketo, string marketoType, string fits) =>
        new($@"│ {attribute}\s+│ {type}\s+│ \w+\s+│ \w+\s+│ \w+\s+│ {marketo}\s+│ {Regex.Escape(marketoType)}\s+│ {fits}\s*│", RegexOptions.CultureInvariant);

    [Fact]
    public async Task Fields_AccountsEnabled_ListsAccountColumnsWithCompanyFieldTypeAndFit()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Accounts:Enabled"] = "true";

        var (exitCode, output, error) = await host.RunAsync("fields");

        Assert.True(exitCode == 0, error);
        var account = output[output.IndexOf(AccountTable, StringComparison.Ordinal)..];
        Assert.Matches(Row("name", "String", "company", "string", "yes"), account);
        Assert.Matches(Row("websiteurl", "String", "website", "url", "yes"), account);
        Assert.Matches(Row("industrycode", "Picklist", "industry", "string", "yes"), account);
        Assert.Matches(Row("numberofemployees", "Integer", "numberOfEmployees", "integer", "yes"), account);
        Assert.Matches(Row("revenue", "Money", "annualRevenue", "currency", "yes"), account);
        Assert.Matches(Row("address1_line1", "String", "billingStreet", "text", "yes"), account);
        Assert.Matches(Row("address1_city", "String", "billingCity", "string", "yes"), account);
        Assert.Matches(Row("address1_country", "String", "billingCountry", "string", "yes"), account);
        Assert.Matches(Row("accountid", "Uniqueidentifier", "", "", ""), account);
    }

    [Fact]
    public async Task Fields_AccountsDisabled_ListsNoAccountColumns()
    {
        await using var host = await EmulatorOpsHost.StartAsync();

        var (exitCode, output, error) = await host.RunAsync("fields");

        Assert.True(exitCode == 0, error);
        Assert.Contains("contact columns", output, StringComparison.Ordinal);
        Assert.DoesNotContain("account columns", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsCheck_AccountsEnabledDefaultMapping_Passes()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Accounts:Enabled"] = "true";

        var (exitCode, output, error) = await host.RunAsync("fields", "--check");

        Assert.True(exitCode == 0, output + error);
        Assert.DoesNotContain("ERROR", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsCheck_AccountFieldMarketoDoesNotDescribe_FailsNamingItAndTheKey()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Accounts:Enabled"] = "true";
        host.Settings["CrmSync:Sync:Accounts:Fields:0:Marketo"] = "companyColour";
        host.Settings["CrmSync:Sync:Accounts:Fields:0:Dynamics"] = "name";

        var (listCode, listOutput, _) = await host.RunAsync("fields");
        var (exitCode, output, _) = await host.RunAsync("fields", "--check");
        await using var services = host.BuildServices();
        var findings = await services.GetRequiredService<MappingChecker>().CheckAsync(includeMarketo: true, CancellationToken.None);

        Assert.Equal(0, listCode);
        Assert.Matches(Row("name", "String", "companyColour", "(missing)", "NO"), listOutput);
        Assert.Equal(1, exitCode);
        Assert.Contains("ERROR", output, StringComparison.Ordinal);
        Assert.Contains("companyColour", output, StringComparison.Ordinal);
        var finding = Assert.Single(findings, f => f.Table == "account");
        Assert.Equal((FindingSeverity.Error, "account", "name", "companyColour"), (finding.Severity, finding.Table, finding.Dynamics, finding.Marketo));
        Assert.Equal("Marketo does not describe 'companyColour' on companies (mapped to account.name); correct CrmSync:Sync:Accounts:Fields.", finding.Message);
    }

    [Fact]
    public async Task FieldsCheck_AccountTextColumnMappedToAnIntegerCompanyField_FailsNamingTheMisfit()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Accounts:Enabled"] = "true";
        host.Settings["CrmSync:Sync:Accounts:Fields:0:Marketo"] = "company";
        host.Settings["CrmSync:Sync:Accounts:Fields:0:Dynamics"] = "name";
        host.Settings["CrmSync:Sync:Accounts:Fields:1:Marketo"] = "numberOfEmployees";
        host.Settings["CrmSync:Sync:Accounts:Fields:1:Dynamics"] = "address1_city";

        var (listCode, listOutput, _) = await host.RunAsync("fields");
        var (exitCode, _, _) = await host.RunAsync("fields", "--check");
        await using var services = host.BuildServices();
        var findings = await services.GetRequiredService<MappingChecker>().CheckAsync(includeMarketo: true, CancellationToken.None);

        Assert.Equal(0, listCode);
        Assert.Matches(Row("address1_city", "String", "numberOfEmployees", "integer", "NO"), listOutput);
        Assert.Equal(1, exitCode);
        var finding = Assert.Single(findings, f => f.Table == "account");
        Assert.Equal(("account", "address1_city"), (finding.Table, finding.Dynamics));
        Assert.Equal("Marketo companies field 'numberOfEmployees' is of type integer, which a text field cannot carry.", finding.Message);
    }

    [Fact]
    public async Task FieldsCheck_SecuredAccountColumnWithoutRead_FailsNamingTheColumnAndPrivilege()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Accounts:Enabled"] = "true";
        host.Dataverse.Admin.SecureColumn("account", "websiteurl");

        var (exitCode, output, _) = await host.RunAsync("fields", "--check");
        await using var services = host.BuildServices();
        var findings = await services.GetRequiredService<MappingChecker>().CheckAsync(includeMarketo: true, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("account.websiteurl", output, StringComparison.Ordinal);
        var finding = Assert.Single(findings, f => f.Table == "account");
        Assert.StartsWith("Column account.websiteurl is secured (column security) and the sync user lacks the Read privilege on it;", finding.Message, StringComparison.Ordinal);
    }
}
