using CrmSync.DataverseEmulator.Security;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// <c>crmsync doctor</c> (B13) against both emulators with the packed managed solution freshly imported: what a Dynamics
/// admin sees right after the import, and the setup path <c>doctor --fix</c> → <c>fields --apply</c> → <c>doctor</c>.
/// </summary>
public sealed class DoctorEmulatorTests
{
    [Fact]
    public async Task Doctor_FreshImport_FailsStepsAndActivityTypeWithTheirFixes()
    {
        await using var host = await EmulatorOpsHost.StartAsync();

        var (exitCode, output, _) = await host.RunAsync("doctor");
        await using var services = host.BuildServices();
        var checks = (await services.GetRequiredService<Doctor>().RunAsync(fix: false, CancellationToken.None)).ToDictionary(c => c.Name);

        Assert.Equal(1, exitCode);
        Assert.Contains("2 of 7 checks failed.", output, StringComparison.Ordinal);
        Assert.Equal(["Plug-in steps", "Marketo sync-result activity type"], checks.Values.Where(c => !c.Passed).Select(c => c.Name));
        var steps = checks["Plug-in steps"];
        Assert.Contains($"the step skips user {Guid.Empty:D}, not the sync user {host.SyncUserId:D}", steps.Detail, StringComparison.Ordinal);
        Assert.Equal("run crmsync fields --apply", steps.Fix);
        var activityType = checks["Marketo sync-result activity type"];
        Assert.Contains("does not exist", activityType.Detail, StringComparison.Ordinal);
        Assert.Equal("run crmsync doctor --fix", activityType.Fix);
        Assert.Contains("CrmSync 1.0.0.0 (managed)", checks["Solution installed"].Detail, StringComparison.Ordinal);
        Assert.Contains("holds 'CrmSync Sync User'", checks["Sync user role"].Detail, StringComparison.Ordinal);
        Assert.Contains("PASS", output, StringComparison.Ordinal);
        Assert.Contains("run crmsync fields --apply", output, StringComparison.Ordinal);
        Assert.Contains("run crmsync doctor --fix", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorFixThenFieldsApply_FreshImport_DoctorPassesEveryCheck()
    {
        await using var host = await EmulatorOpsHost.StartAsync();

        var fix = await host.RunAsync("doctor", "--fix");
        var apply = await host.RunAsync("fields", "--apply");
        var (exitCode, output, error) = await host.RunAsync("doctor");

        // --fix creates the activity type; the steps still need fields --apply.
        Assert.Equal(1, fix.ExitCode);
        Assert.Contains("1 of 7 checks failed.", fix.Output, StringComparison.Ordinal);
        Assert.Contains("created and approved", fix.Output, StringComparison.Ordinal);
        Assert.Equal(0, apply.ExitCode);
        Assert.Contains("Updated 8 plug-in step(s)", apply.Output, StringComparison.Ordinal);
        Assert.True(exitCode == 0, output + error);
        Assert.Contains("All checks passed.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.True(Assert.Single(host.Marketo.Admin.GetCustomActivityTypes()).IsApproved);
    }

    [Fact]
    public async Task Doctor_UserWithoutTheSyncRole_FailsTheRoleCheck()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        var user = new EmulatorUser(Guid.NewGuid(), "Plain App", "plain-app", "plain-app-secret") { Roles = ["Salesperson"] };
        host.Dataverse.Admin.AddUser(user);
        host.Settings["CrmSync:Dataverse:AccessToken"] = host.Dataverse.Admin.IssueToken(user.Id);

        await using var services = host.BuildServices();
        var role = (await services.GetRequiredService<Doctor>().RunAsync(fix: false, CancellationToken.None)).Single(c => c.Name == "Sync user role");

        Assert.False(role.Passed);
        Assert.Equal("the sync user's roles are: none", role.Detail);
        Assert.Equal("assign the 'CrmSync Sync User' security role to the sync user", role.Fix);
    }

    [Fact]
    public async Task DoctorFix_ApproveAnsweredButNotDone_FailsTheActivityTypeCheck()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        await using var services = host.BuildServices(s => s.AddHttpClient(MarketoServiceCollectionExtensions.HttpClientName)
            .AddHttpMessageHandler(() => new ApproveAnsweredNotDoneHandler()));

        var check = (await services.GetRequiredService<Doctor>().RunAsync(fix: true, CancellationToken.None)).Single(c => c.Name == "Marketo sync-result activity type");

        Assert.False(check.Passed);
        Assert.Equal("'crmsyncSyncResult' was approved but Marketo lists it as draft", check.Detail);
        Assert.Equal("draft", Assert.Single(host.Marketo.Admin.GetCustomActivityTypes()).Status);
    }

    /// <summary>Answers Approve Custom Activity Type with success and an approved type, without passing it to Marketo.</summary>
    private sealed class ApproveAnsweredNotDoneHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.EndsWith("/approve.json", StringComparison.Ordinal)
                ? Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                {
                    Content = new StringContent(
                        """{"requestId":"e42b#14272d07d78","success":true,"result":[{"id":100001,"apiName":"crmsyncSyncResult","status":"approved"}]}""",
                        System.Text.Encoding.UTF8,
                        "application/json"),
                })
                : base.SendAsync(request, cancellationToken);
    }
}
