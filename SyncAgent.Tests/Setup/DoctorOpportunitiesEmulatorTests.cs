using System.Text.RegularExpressions;
using CrmSync.SyncAgent.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// <c>doctor</c>, <c>fields</c>, <c>fields --check</c> and <c>fields --apply</c> with opportunities enabled (DESIGN B16):
/// the opportunity steps, the Opportunities and Opportunity Roles APIs, and the opportunity columns with their fit.
/// </summary>
public sealed class DoctorOpportunitiesEmulatorTests
{
    /// <summary>One row: attribute, Dynamics type, secured, read, update, Marketo field, its dataType, fits.</summary>
    private static Regex Row(string attribute, string type, string marketo, string marketoType, string fits) =>
        new($@"│ {attribute}\s+│ {type}\s+│ \w+\s+│ \w+\s+│ \w+\s+│ {marketo}\s+│ {Regex.Escape(marketoType)}\s+│ {fits}\s*│", RegexOptions.CultureInvariant);

    [Fact]
    public async Task DoctorFixThenFieldsApply_OpportunitiesEnabled_AppliesElevenStepsAndPassesTheOpportunitiesApi()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Opportunities:Enabled"] = "true";

        await host.RunAsync("doctor", "--fix");
        var apply = await host.RunAsync("fields", "--apply");
        var (exitCode, output, error) = await host.RunAsync("doctor");

        // lead and contact × 4, opportunity × 3 (accounts off).
        Assert.Contains("Updated 11 plug-in step(s)", apply.Output, StringComparison.Ordinal);
        Assert.True(exitCode == 0, output + error);
        Assert.Contains("describe lists every mapped field (6) and the opportunities/roles API answers", output, StringComparison.Ordinal);
        Assert.Contains("All checks passed.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_OpportunityFieldMarketoDoesNotDescribe_FailsNamingItAndTheKey()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Opportunities:Enabled"] = "true";
        host.Settings["CrmSync:Sync:Opportunities:Fields:0:Marketo"] = "dealSize";
        host.Settings["CrmSync:Sync:Opportunities:Fields:0:Dynamics"] = "estimatedvalue";
        await using var services = host.BuildServices();

        var check = (await services.GetRequiredService<Doctor>().RunAsync(fix: false, CancellationToken.None)).Single(c => c.Name == "Marketo opportunities API");

        Assert.False(check.Passed);
        Assert.Equal("Marketo does not describe 'dealSize'", check.Detail);
        Assert.Equal("correct CrmSync:Sync:Opportunities:Fields", check.Fix);
    }

    [Fact]
    public async Task Fields_OpportunitiesEnabled_ListsOpportunityColumnsWithFieldTypeAndFit()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Opportunities:Enabled"] = "true";

        var (exitCode, output, error) = await host.RunAsync("fields");

        Assert.True(exitCode == 0, error);
        var table = output[output.IndexOf("opportunity columns (to Marketo opportunities, one way)", StringComparison.Ordinal)..];
        Assert.Matches(Row("name", "String", "name", "string", "yes"), table);
        Assert.Matches(Row("estimatedvalue", "Money", "amount", "currency", "yes"), table);
        Assert.Matches(Row("estimatedclosedate", "DateTime", "closeDate", "date", "yes"), table);
        Assert.Matches(Row("salesstage", "Picklist", "stage", "string", "yes"), table);
        Assert.Matches(Row("statecode", "State", "isClosed", "boolean", "yes"), table);
    }

    [Fact]
    public async Task FieldsCheck_OpportunitiesDefaultMapping_Passes()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Opportunities:Enabled"] = "true";

        var (exitCode, output, error) = await host.RunAsync("fields", "--check");

        Assert.True(exitCode == 0, output + error);
    }

    [Fact]
    public async Task FieldsCheck_TrueWhenOnATextColumn_FailsNamingTheColumn()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Opportunities:Enabled"] = "true";
        host.Settings["CrmSync:Sync:Opportunities:Fields:0:Marketo"] = "isWon";
        host.Settings["CrmSync:Sync:Opportunities:Fields:0:Dynamics"] = "stepname";
        host.Settings["CrmSync:Sync:Opportunities:Fields:0:TrueWhen:0"] = "1";

        var (exitCode, output, error) = await host.RunAsync("fields", "--check");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Column opportunity.stepname is of type String, but TrueWhen needs a choice column", output + error, StringComparison.Ordinal);
    }
}
