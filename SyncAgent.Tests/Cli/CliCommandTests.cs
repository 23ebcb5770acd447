using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Http;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Cli;

/// <summary>The commands, run in-process over the Marketo emulator and a fake Dataverse.</summary>
public sealed class CliCommandTests : IAsyncLifetime
{
    private OpsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await OpsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Status_MissingDataverseUrl_ExitsWith2NamingTheKey()
    {
        _host.Settings.Remove("CrmSync:Dataverse:Url");

        var (exitCode, output, error) = await CliRun.RunAsync(_host.Cli(), "status");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("CrmSync:Dataverse:Url is required", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Status_MissingConfigFile_ExitsWith2()
    {
        var environment = new CliEnvironment();

        var (exitCode, _, error) = await CliRun.RunAsync(environment, "status", "--config", "/nonexistent/crmsync.json");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_SeededState_RendersCyclesBacklogBudgetAndRejections()
    {
        _host.Settings["CrmSync:State:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"crmsync-cli-{Guid.NewGuid():N}.db")}";
        _host.Dataverse.StagingCount = 3;
        await using (var services = _host.BuildServices())
        {
            await StatusSeed.SeedAsync(services.GetRequiredService<StateStore>(), DateTimeOffset.UtcNow);
        }

        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "status");
        var (jsonExit, json, _) = await CliRun.RunAsync(_host.Cli(), "status", "--json");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Recent cycles", output, StringComparison.Ordinal);
        Assert.Contains("Completed", output, StringComparison.Ordinal);
        Assert.Contains("50,000", output, StringComparison.Ordinal);
        Assert.Contains("0x80040265", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, jsonExit);
        Assert.Equal(3, (int)System.Text.Json.Nodes.JsonNode.Parse(json)!["backlog"]!["dynamics"]!["pending"]!);
    }

    [Fact]
    public async Task StatusCsv_SearchMatches_WritesRoundTrippingCsv()
    {
        _host.Settings["CrmSync:State:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"crmsync-cli-{Guid.NewGuid():N}.db")}";
        await using (var services = _host.BuildServices())
        {
            await StatusSeed.SeedAsync(services.GetRequiredService<StateStore>(), DateTimeOffset.UtcNow);
        }

        var file = Path.Combine(Path.GetTempPath(), $"crmsync-rejections-{Guid.NewGuid():N}.csv");
        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "status", "--search", "required", "--csv", file);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Wrote 1 rejection(s)", output, StringComparison.Ordinal);
        var rows = CsvReader.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(2, rows.Count);
        Assert.Equal(StatusSeed.RejectionMessage, rows[1][10]);
    }

    [Fact]
    public async Task FieldsCheck_SecuredColumnWithoutAccess_RefusesNamingColumnAndPrivilege()
    {
        _host.Dataverse.Secured["jobtitle"] = ["read"];

        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "fields", "--check");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("Column lead.jobtitle is secured", output, StringComparison.Ordinal);
        Assert.Contains("lacks the Update privilege", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsApply_MappingHasErrors_ChangesNoStep()
    {
        _host.Dataverse.Secured["firstname"] = [];

        var (exitCode, _, error) = await CliRun.RunAsync(_host.Cli(), "fields", "--apply");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("not changed", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Dataverse.Handler.Requests, r => r.Method == HttpMethod.Patch);
    }

    [Fact]
    public async Task Fields_Lists_ColumnsWithAccessAndMarketoField()
    {
        _host.Dataverse.Secured["mobilephone"] = ["read", "update"];

        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "fields");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("lead columns", output, StringComparison.Ordinal);
        Assert.Matches(@"emailaddress1\s*│\s*String\s*│\s*no\s*│\s*yes\s*│\s*yes\s*│\s*email", output);
        Assert.Matches(@"mobilephone\s*│\s*String\s*│\s*yes\s*│\s*yes\s*│\s*yes\s*│\s*mobilePhone", output);
    }

    [Fact]
    public async Task Doctor_StepsMissingAndActivityTypeMissing_ReportsEachCheckAndExits1()
    {
        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "doctor");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Matches(@"Dynamics URL and credentials\s*│\s*PASS", output);
        Assert.Matches(@"Sync user role\s*│\s*PASS", output);
        Assert.Matches(@"Solution installed\s*│\s*PASS", output);
        Assert.Matches(@"Plug-in steps\s*│\s*FAIL", output);
        Assert.Matches(@"Marketo credentials\s*│\s*PASS", output);
        Assert.Matches(@"Marketo sync-result activity type\s*│\s*FAIL", output);
        Assert.Contains("crmsync doctor --fix", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorFix_ActivityTypeMissing_CreatesAndApprovesIt()
    {
        var (_, output, _) = await CliRun.RunAsync(_host.Cli(), "doctor", "--fix");

        Assert.Matches(@"Marketo sync-result activity type\s*│\s*PASS", output);
        var type = Assert.Single(_host.Marketo.Admin.GetCustomActivityTypes(), t => t.ApiName == SyncResultActivityType.ApiName);
        Assert.NotNull(type);
    }

    [Fact]
    public async Task Doctor_WrongMarketoSecretAndNoRole_FailsThoseChecks()
    {
        _host.Settings["CrmSync:Marketo:ClientSecret"] = "not-the-secret";
        _host.Dataverse.Roles.Clear();

        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "doctor");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Matches(@"Sync user role\s*│\s*FAIL", output);
        Assert.Matches(@"Marketo credentials\s*│\s*FAIL", output);
    }

    [Fact]
    public async Task Commands_KnownSecretsInConfiguration_NeverPrintThem()
    {
        _host.Dataverse.Secured["jobtitle"] = [];
        _host.Settings["CrmSync:Marketo:ClientSecret"] = "marketo-SECRET-wrong-99";
        var secrets = new[] { OpsTestHost.DataverseToken, "marketo-SECRET-wrong-99", OpsTestHost.WebhookSecret };

        var runs = new[]
        {
            await CliRun.RunAsync(_host.Cli(), "status"),
            await CliRun.RunAsync(_host.Cli(), "status", "--json"),
            await CliRun.RunAsync(_host.Cli(), "doctor"),
            await CliRun.RunAsync(_host.Cli(), "fields"),
            await CliRun.RunAsync(_host.Cli(), "fields", "--check"),
        };

        Assert.Contains(runs, r => r.ExitCode != 0);
        foreach (var (_, output, error) in runs)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task SyncPerson_UnlinkedPerson_CreatesAndPrintsTheRecord()
    {
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "cli@example.com" });

        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "sync-person", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--as", "contact");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains($"Created contact {SyncAgent.RealTime.PersonRecordId.For(id):D}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceInstall_DryRunOnLinux_PrintsTheUnitAndCommands()
    {
        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(), "service", "install", "--dry-run", "--name", "crmsync-test", "--user", "crmsync");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("# would write /etc/systemd/system/crmsync-test.service", output, StringComparison.Ordinal);
        Assert.Contains("Type=notify", output, StringComparison.Ordinal);
        Assert.Contains("User=crmsync", output, StringComparison.Ordinal);
        Assert.Matches(@"ExecStart=\S+ run", output);
        Assert.Contains("systemctl enable crmsync-test", output, StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/systemd/system/crmsync-test.service"));
    }

    [Fact]
    public async Task ServiceInstall_DryRunOnWindows_PrintsScExe()
    {
        var (exitCode, output, _) = await CliRun.RunAsync(_host.Cli(() => OSPlatform.Windows), "service", "install", "--dry-run");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("sc.exe create crmsync", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceInstall_OtherSystem_ExplainsAndFails()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(_host.Cli(() => OSPlatform.Other), "service", "install");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("Linux (systemd) and Windows only", error, StringComparison.Ordinal);
    }
}
