using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Alerts;

/// <summary>Alerts from real cycles against the emulators, through the agent's composition root and a local webhook sink.</summary>
public sealed class AlertEndToEndTests
{
    [Fact]
    public async Task CheckAsync_CycleStoppedByServiceProtectionThenCompletes_AlertsOnceAndResolvesOnce()
    {
        await using var webhook = await HttpSink.StartAsync();
        await using var sut = await SyncHarness.StartAsync(s =>
        {
            s["CrmSync:Dataverse:MaxRetryAfter"] = "00:00:01";
            s["CrmSync:Alerts:WebhookUrl"] = webhook.Url.AbsoluteUri;
        });
        var monitor = sut.Services.GetRequiredService<AlertMonitor>();
        sut.CreateAsMaker("contact", ("lastname", "Protected"), ("emailaddress1", "protected@example.com"));
        sut.Dataverse.Admin.ServiceProtection = new ServiceProtectionLimits { RequestsPerWindow = 0, Window = TimeSpan.FromMinutes(10) };

        var stopped = await sut.RunCycleAsync();
        await monitor.CheckAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);
        sut.Dataverse.Admin.ServiceProtection = new ServiceProtectionLimits();
        var completed = await sut.RunCycleAsync();
        await monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Stopped, stopped.Record.Outcome);
        Assert.True(completed.Completed, completed.Record.Message);
        Assert.Equal(2, webhook.Texts.Count);
        Assert.StartsWith("[CrmSync] ALERT: cycles stopped by Dataverse service protection", webhook.Texts[0], StringComparison.Ordinal);
        Assert.Contains("429", webhook.Texts[0], StringComparison.Ordinal);
        Assert.StartsWith("[CrmSync] RESOLVED: cycles stopped by Dataverse service protection", webhook.Texts[1], StringComparison.Ordinal);
    }
}
