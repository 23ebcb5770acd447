using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Alerts;

/// <summary>The worker <c>crmsync run</c> hosts: it checks at start and then every <c>CheckInterval</c> on the injected clock.</summary>
public sealed class AlertWorkerTests
{
    [Fact]
    public async Task ExecuteAsync_ConditionArisesBetweenChecks_PushesItAtTheNextTick()
    {
        await using var fx = await AlertFixture.StartAsync();
        fx.Options.Alerts.CheckInterval = TimeSpan.FromMinutes(1);
        using var worker = new AlertWorker(fx.CreateSut(), Options.Create(fx.Options.Alerts), fx.Clock, NullLogger<AlertWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        // The first check (at start) notes where the rejection digest begins: once that marker is there, it is done.
        await WaitAsync(() => fx.State.GetMarkersAsync().GetAwaiter().GetResult().ContainsKey(RejectionDigest.MarkerName));
        for (var i = 3; i > 0; i--)
        {
            await fx.AddCycleAsync(CycleOutcome.Failed, i, "boom");
        }

        await Task.Delay(300);
        var beforeTick = fx.Webhook.Texts.Count;
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await WaitAsync(() => fx.Webhook.Texts.Count == 1 && fx.Smtp.Messages.Count == 1);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(0, beforeTick);
        Assert.StartsWith("[CrmSync] ALERT: 3 or more cycles failed in a row", fx.Webhook.Texts[0], StringComparison.Ordinal);
    }

    /// <summary>Waits at most ten seconds for <paramref name="done"/>.</summary>
    private static async Task WaitAsync(Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(done(), "the worker did not push within ten seconds");
    }
}
