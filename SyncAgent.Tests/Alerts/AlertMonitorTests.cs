using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.Alerts;

/// <summary>Issue 15, alerts (B20): each condition is pushed once to the webhook and by e-mail, and resolved once.</summary>
public sealed class AlertMonitorTests
{
    [Fact]
    public async Task CheckAsync_ThreeCyclesFailInARow_AlertsOnceOnBothChannelsAndResolvesOnce()
    {
        await using var fx = await AlertFixture.StartAsync();
        var sut = fx.CreateSut();
        await fx.AddCycleAsync(CycleOutcome.Completed, 20);
        await fx.AddCycleAsync(CycleOutcome.Failed, 15, "Dataverse answered 500");
        await fx.AddCycleAsync(CycleOutcome.Failed, 10, "Dataverse answered 500");
        await sut.CheckAsync(CancellationToken.None);
        Assert.Empty(fx.Webhook.Texts);

        await fx.AddCycleAsync(CycleOutcome.Failed, 5, "Dataverse answered 503");
        await sut.CheckAsync(CancellationToken.None);
        await sut.CheckAsync(CancellationToken.None);

        var alert = Assert.Single(fx.Webhook.Texts);
        Assert.StartsWith("[CrmSync] ALERT: 3 or more cycles failed in a row", alert, StringComparison.Ordinal);
        Assert.Contains("The last 3 cycles failed", alert, StringComparison.Ordinal);
        Assert.Contains("Dataverse answered 503", alert, StringComparison.Ordinal);
        var mail = Assert.Single(fx.Smtp.Messages);
        Assert.Equal("[CrmSync] ALERT: 3 or more cycles failed in a row", mail.Subject);
        Assert.Equal(["ops@example.com", "oncall@example.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("crmsync@example.com", mail.From.Mailboxes.Single().Address);

        await fx.AddCycleAsync(CycleOutcome.Completed, 1);
        await sut.CheckAsync(CancellationToken.None);
        await sut.CheckAsync(CancellationToken.None);

        Assert.Equal(2, fx.Webhook.Texts.Count);
        Assert.StartsWith("[CrmSync] RESOLVED: 3 or more cycles failed in a row", fx.Webhook.Texts[1], StringComparison.Ordinal);
        Assert.Equal(["[CrmSync] ALERT: 3 or more cycles failed in a row", "[CrmSync] RESOLVED: 3 or more cycles failed in a row"], fx.Smtp.Messages.Select(m => m.Subject));
    }

    [Fact]
    public async Task CheckAsync_AgentRestartsWhileAlertHolds_DoesNotSendItAgain()
    {
        await using var fx = await AlertFixture.StartAsync();
        for (var i = 3; i > 0; i--)
        {
            await fx.AddCycleAsync(CycleOutcome.Failed, i * 5, "boom");
        }

        await fx.CreateSut().CheckAsync(CancellationToken.None);
        await fx.OpenStateAsync();
        var restarted = fx.CreateSut();
        var holding = await restarted.CheckAsync(CancellationToken.None);

        Assert.Contains(holding, c => c.Kind == AlertKind.FailedCycles);
        Assert.Single(fx.Webhook.Texts);
        Assert.Single(fx.Smtp.Messages);
    }

    [Fact]
    public async Task CheckAsync_NoCycleCompletesForStallAfter_AlertsStalledThenResolves()
    {
        await using var fx = await AlertFixture.StartAsync();
        await fx.AddCycleAsync(CycleOutcome.Completed, 2);
        var sut = fx.CreateSut();
        fx.Clock.Advance(TimeSpan.FromMinutes(28));
        await sut.CheckAsync(CancellationToken.None);
        Assert.Empty(fx.Webhook.Texts);

        fx.Clock.Advance(TimeSpan.FromMinutes(2));
        await sut.CheckAsync(CancellationToken.None);

        var alert = Assert.Single(fx.Webhook.Texts);
        Assert.StartsWith("[CrmSync] ALERT: no cycle completed for 00:30:00", alert, StringComparison.Ordinal);
        Assert.Contains("No cycle has completed since 2026-03-02 14:59:00Z", alert, StringComparison.Ordinal);

        await fx.AddCycleAsync(CycleOutcome.Completed, 1);
        await sut.CheckAsync(CancellationToken.None);
        Assert.StartsWith("[CrmSync] RESOLVED: no cycle completed for 00:30:00", fx.Webhook.Texts[^1], StringComparison.Ordinal);
        Assert.Equal(2, fx.Smtp.Messages.Count);
    }

    [Theory]
    [InlineData(449, false)]
    [InlineData(450, true)]
    public async Task CheckAsync_MarketoCallsReachNinetyPercentOfTheShare_AlertsQuota(int calls, bool alerts)
    {
        await using var fx = await AlertFixture.StartAsync();
        fx.Options.Marketo.DailyQuota = 1000;
        fx.Options.Marketo.DailyQuotaShare = 0.5;
        await fx.AddCycleAsync(CycleOutcome.Completed, 3, marketoCalls: calls - 100);
        await fx.AddCycleAsync(CycleOutcome.Completed, 2, marketoCalls: 100);

        var holding = await fx.CreateSut().CheckAsync(CancellationToken.None);

        Assert.Equal(alerts, holding.Any(c => c.Kind == AlertKind.MarketoQuota));
        Assert.Equal(alerts ? 1 : 0, fx.Webhook.Texts.Count(t => t.Contains($"The agent made {calls} Marketo calls this quota day, of its share of 500", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CheckAsync_CycleStoppedByServiceProtection_AlertsUntilACycleCompletes()
    {
        await using var fx = await AlertFixture.StartAsync();
        var sut = fx.CreateSut();
        await fx.AddCycleAsync(CycleOutcome.Stopped, 3, "Dataverse service protection limit (429 0x80072322) asked for a longer wait than allowed; the cycle stopped cleanly");
        await sut.CheckAsync(CancellationToken.None);
        await fx.AddCycleAsync(CycleOutcome.Stopped, 2, "Dataverse service protection limit (429 0x80072322) asked for a longer wait than allowed; the cycle stopped cleanly");
        await sut.CheckAsync(CancellationToken.None);
        await fx.AddCycleAsync(CycleOutcome.Completed, 1);
        await sut.CheckAsync(CancellationToken.None);

        Assert.Equal(2, fx.Webhook.Texts.Count);
        Assert.StartsWith("[CrmSync] ALERT: cycles stopped by Dataverse service protection", fx.Webhook.Texts[0], StringComparison.Ordinal);
        Assert.Contains("0x80072322", fx.Webhook.Texts[0], StringComparison.Ordinal);
        Assert.StartsWith("[CrmSync] RESOLVED: cycles stopped by Dataverse service protection", fx.Webhook.Texts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_WebhookAnswers500_RetriesOnlyTheWebhookAtTheNextCheck()
    {
        await using var fx = await AlertFixture.StartAsync();
        for (var i = 3; i > 0; i--)
        {
            await fx.AddCycleAsync(CycleOutcome.Failed, i * 5, "boom");
        }

        var sut = fx.CreateSut();
        fx.Webhook.FailNext(1);
        await sut.CheckAsync(CancellationToken.None);
        Assert.Empty(fx.Webhook.Texts);
        Assert.Single(fx.Smtp.Messages);

        await sut.CheckAsync(CancellationToken.None);
        await sut.CheckAsync(CancellationToken.None);

        Assert.Single(fx.Webhook.Texts);
        Assert.Single(fx.Smtp.Messages);
    }

    [Fact]
    public async Task CheckAsync_ErrorTextCarriesASecret_SendsItRedacted()
    {
        await using var fx = await AlertFixture.StartAsync();
        for (var i = 3; i > 0; i--)
        {
            await fx.AddCycleAsync(CycleOutcome.Failed, i * 5, $"token request with client_secret={AlertFixture.MarketoSecret} to {fx.Webhook.Url} refused");
        }

        await fx.CreateSut().CheckAsync(CancellationToken.None);

        var text = Assert.Single(fx.Webhook.Texts);
        Assert.DoesNotContain(AlertFixture.MarketoSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("T0SECRET-hook-path", text, StringComparison.Ordinal);
        Assert.Contains("client_secret=[redacted]", text, StringComparison.Ordinal);
        var mail = Assert.Single(fx.Smtp.Messages);
        Assert.DoesNotContain(AlertFixture.MarketoSecret, mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_RejectionsDuringADay_SendsOneDigestADay()
    {
        await using var fx = await AlertFixture.StartAsync();
        fx.Options.Alerts.StallAfter = TimeSpan.FromDays(7);
        await fx.AddRejectionAsync("0x80040265", "old, before digests began");
        var sut = fx.CreateSut();
        await sut.CheckAsync(CancellationToken.None);
        await fx.AddRejectionAsync("0x80040265", "Email must contain @.");
        await fx.AddRejectionAsync("1003", "Value too long");
        await fx.AddRejectionAsync("0x80040265", "Email must contain @.");
        fx.Clock.Advance(TimeSpan.FromHours(23));
        await fx.AddCycleAsync(CycleOutcome.Completed, 1);
        await sut.CheckAsync(CancellationToken.None);
        Assert.Empty(fx.Webhook.Texts);

        fx.Clock.Advance(TimeSpan.FromHours(1));
        await fx.AddCycleAsync(CycleOutcome.Completed, 1);
        await sut.CheckAsync(CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromHours(1));
        await sut.CheckAsync(CancellationToken.None);

        var digest = Assert.Single(fx.Webhook.Texts);
        Assert.StartsWith("[CrmSync] 3 new rejections in the last day", digest, StringComparison.Ordinal);
        Assert.Contains("  0x80040265: 2\n  1003: 1\n", digest, StringComparison.Ordinal);
        Assert.DoesNotContain("old, before digests began", digest, StringComparison.Ordinal);
        Assert.Equal("[CrmSync] 3 new rejections in the last day", Assert.Single(fx.Smtp.Messages).Subject);
    }
}
