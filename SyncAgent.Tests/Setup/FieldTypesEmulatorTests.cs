using System.Text.RegularExpressions;
using CrmSync.DataverseEmulator.Security;
using CrmSync.SyncAgent.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary><c>crmsync fields</c>, <c>--check</c> and <c>--apply</c> with field types and directions (DESIGN B14, B15).</summary>
public sealed class FieldTypesEmulatorTests
{
    private static void Map(EmulatorOpsHost host, params (string Marketo, string Dynamics, string? Direction)[] fields)
    {
        var all = new[] { ("email", "emailaddress1", (string?)null) }.Concat(fields).ToArray();
        for (var i = 0; i < all.Length; i++)
        {
            host.Settings[$"CrmSync:Sync:Fields:{i}:Marketo"] = all[i].Item1;
            host.Settings[$"CrmSync:Sync:Fields:{i}:Dynamics"] = all[i].Item2;
            host.Settings[$"CrmSync:Sync:Fields:{i}:Entities:0"] = "lead";
            host.Settings[$"CrmSync:Sync:Fields:{i}:Direction"] = all[i].Item3 ?? "both";
        }
    }

    [Fact]
    public async Task Fields_ChoiceMappedWithoutType_ShowsBothTypesAndThatTheyFit()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        Map(host, ("leadSource", "leadsourcecode", null), ("leadScore", "revenue", null));

        var (exitCode, output, error) = await host.RunAsync("fields");

        Assert.True(exitCode == 0, error);
        var lead = output[output.IndexOf("lead columns", StringComparison.Ordinal)..output.IndexOf("contact columns", StringComparison.Ordinal)];
        Assert.Matches(new Regex(@"│ leadsourcecode\s+│ Picklist\s+│ no\s+│ yes\s+│ yes\s+│ leadSource\s+│ string\s+│ yes\s*│"), lead);
        Assert.Matches(new Regex(@"│ revenue\s+│ Money\s+│ no\s+│ yes\s+│ yes\s+│ leadScore\s+│ integer\s+│ yes\s*│"), lead);
        Assert.Matches(new Regex(@"│ emailaddress1\s+│ String\s+│ no\s+│ yes\s+│ yes\s+│ email\s+│ email\s+│ yes\s*│"), lead);
    }

    [Fact]
    public async Task FieldsCheck_ChoiceMappedToIntegerField_FailsNamingTheMisfit()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        Map(host, ("leadScore", "leadsourcecode", null));

        var (exitCode, listing, _) = await host.RunAsync("fields");
        var (checkExit, output, _) = await host.RunAsync("fields", "--check");
        await using var services = host.BuildServices();
        var findings = await services.GetRequiredService<MappingChecker>().CheckAsync(includeMarketo: true, CancellationToken.None);

        Assert.Equal((0, 1), (exitCode, checkExit));
        Assert.Matches(new Regex(@"│ leadsourcecode\s+│ Picklist\s+│ no\s+│ yes\s+│ yes\s+│ leadScore\s+│ integer\s+│ NO\s*│"), listing);
        Assert.Contains("ERROR", output, StringComparison.Ordinal);
        var misfit = Assert.Single(findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal("Marketo field 'leadScore' is of type integer, which a optionset field cannot carry.", misfit.Message);
    }

    [Theory]
    [InlineData("toMarketo", true, false, null)]
    [InlineData("toMarketo", false, true, "Read")]
    [InlineData("toDynamics", false, true, null)]
    [InlineData("toDynamics", true, false, "Update")]
    [InlineData("both", true, false, "Update")]
    public async Task FieldsCheck_SecuredColumn_NeedsOnlyThePrivilegeItsDirectionUses(string direction, bool canRead, bool canUpdate, string? missing)
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        Map(host, ("title", "jobtitle", direction));
        host.Dataverse.Admin.SecureColumn("lead", "jobtitle");
        host.Dataverse.Admin.GrantColumnAccess(host.SyncUserId, "lead", "jobtitle", new ColumnGrant(CanRead: canRead, CanUpdate: canUpdate, CanCreate: false));

        var (exitCode, output, _) = await host.RunAsync("fields", "--check");
        await using var services = host.BuildServices();
        var errors = (await services.GetRequiredService<MappingChecker>().CheckAsync(includeMarketo: true, CancellationToken.None))
            .Where(f => f.Severity == FindingSeverity.Error).ToList();

        if (missing is null)
        {
            Assert.True(exitCode == 0, output);
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal(1, exitCode);
            Assert.StartsWith($"Column lead.jobtitle is secured (column security) and the sync user lacks the {missing} privilege on it;", Assert.Single(errors).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FieldsApply_ToDynamicsField_NotStagedByThePlugin()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        Map(host, ("title", "jobtitle", "toDynamics"), ("leadStatus", "statuscode", "toMarketo"));

        var (exitCode, _, error) = await host.RunAsync("fields", "--apply");

        Assert.True(exitCode == 0, error);
        var update = host.Steps().Single(s => s.Key.Contains("Update", StringComparison.Ordinal) && s.Key.Contains("lead", StringComparison.Ordinal)).Value;
        var filtering = ((string?)update["filteringattributes"] ?? "").Split(',');
        Assert.Contains("statuscode", filtering);
        Assert.Contains("emailaddress1", filtering);
        Assert.DoesNotContain("jobtitle", filtering);
        Assert.DoesNotContain("jobtitle", (string?)update["configuration"], StringComparison.Ordinal);
    }
}
