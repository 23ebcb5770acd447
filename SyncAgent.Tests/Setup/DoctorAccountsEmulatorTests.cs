using CrmSync.SyncAgent.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary><c>doctor</c> and <c>fields --apply</c> with accounts enabled (DESIGN B16): the account steps and the Companies API.</summary>
public sealed class DoctorAccountsEmulatorTests
{
    [Fact]
    public async Task DoctorFixThenFieldsApply_AccountsEnabled_AppliesTwelveStepsAndPassesTheCompaniesApi()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Accounts:Enabled"] = "true";

        await host.RunAsync("doctor", "--fix");
        var apply = await host.RunAsync("fields", "--apply");
        var (exitCode, output, error) = await host.RunAsync("doctor");

        Assert.Contains("Updated 12 plug-in step(s)", apply.Output, StringComparison.Ordinal);
        Assert.True(exitCode == 0, output + error);
        Assert.Contains("describe lists every mapped field (8)", output, StringComparison.Ordinal);
        Assert.Contains("All checks passed.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_AccountFieldMarketoDoesNotDescribe_FailsNamingItAndTheKey()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Sync:Accounts:Enabled"] = "true";
        host.Settings["CrmSync:Sync:Accounts:Fields:0:Marketo"] = "companyColour";
        host.Settings["CrmSync:Sync:Accounts:Fields:0:Dynamics"] = "name";
        await using var services = host.BuildServices();

        var check = (await services.GetRequiredService<Doctor>().RunAsync(fix: false, CancellationToken.None)).Single(c => c.Name == "Marketo companies API");

        Assert.False(check.Passed);
        Assert.Equal("Marketo does not describe 'companyColour'", check.Detail);
        Assert.Equal("correct CrmSync:Sync:Accounts:Fields", check.Fix);
    }
}
