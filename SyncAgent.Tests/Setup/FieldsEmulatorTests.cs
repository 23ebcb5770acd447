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
        Assert.Equal((SyncEntity.Contact, "jobtitle"), (error.Entity, error.Dynamics));
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
}
