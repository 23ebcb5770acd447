using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Alerts;

/// <summary>The <c>CrmSync:Alerts</c> keys: channels come from configuration, and a bad configuration stops the agent at start.</summary>
public sealed class AlertConfigurationTests
{
    [Fact]
    public async Task AddCrmSyncAgent_WebhookAndSmtpConfigured_MonitorHasBothChannels()
    {
        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:Alerts:WebhookUrl"] = "https://hooks.example.com/services/T0/B0/x";
        host.Settings["CrmSync:Alerts:Smtp:Host"] = "smtp.example.com";
        host.Settings["CrmSync:Alerts:Smtp:From"] = "crmsync@example.com";
        host.Settings["CrmSync:Alerts:Smtp:To"] = "ops@example.com";
        await using var services = host.BuildServices();

        var monitor = services.GetRequiredService<AlertMonitor>();

        Assert.Equal(["webhook", "smtp"], monitor.Channels.Select(c => c.Name));
        var options = services.GetRequiredService<IOptions<AlertOptions>>().Value;
        Assert.Equal(3, options.FailedCycles);
        Assert.Equal(TimeSpan.FromMinutes(30), options.StallAfter);
        Assert.Equal(587, options.Smtp.Port);
        Assert.True(options.Smtp.UseTls);
    }

    [Fact]
    public async Task AddCrmSyncAgent_NoAlertKeys_MonitorHasNoChannels()
    {
        await using var host = await OpsTestHost.StartAsync();
        await using var services = host.BuildServices();

        Assert.Empty(services.GetRequiredService<AlertMonitor>().Channels);
    }

    [Theory]
    [InlineData("CrmSync:Alerts:WebhookUrl", "http://hooks.example.com/x", "CrmSync:Alerts:WebhookUrl uses http:// for a non-loopback host; use https://.")]
    [InlineData("CrmSync:Alerts:Smtp:Host", "smtp.example.com", "CrmSync:Alerts:Smtp:From is required with Smtp:Host and must be an e-mail address.")]
    [InlineData("CrmSync:Alerts:FailedCycles", "0", "CrmSync:Alerts:FailedCycles must be between 1 and 1000.")]
    [InlineData("CrmSync:Alerts:StallAfter", "00:00:10", "CrmSync:Alerts:StallAfter must be between 00:01:00 and 7.00:00:00.")]
    [InlineData("CrmSync:Marketo:DailyQuotaShare", "1.5", "CrmSync:Marketo:DailyQuotaShare must be between 0 and 1.")]
    public async Task ValidateOnStart_BadAlertKey_FailsNamingTheKey(string key, string value, string expected)
    {
        await using var host = await OpsTestHost.StartAsync();
        host.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => host.BuildServices());

        Assert.Contains(expected, Failures(error));
    }

    [Fact]
    public async Task ValidateOnStart_SmtpPasswordWithoutTls_Fails()
    {
        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:Alerts:Smtp:Host"] = "smtp.example.com";
        host.Settings["CrmSync:Alerts:Smtp:From"] = "crmsync@example.com";
        host.Settings["CrmSync:Alerts:Smtp:To"] = "ops@example.com";
        host.Settings["CrmSync:Alerts:Smtp:User"] = "crmsync";
        host.Settings["CrmSync:Alerts:Smtp:Password"] = "smtp-password-1";
        host.Settings["CrmSync:Alerts:Smtp:UseTls"] = "false";

        var error = Assert.ThrowsAny<Exception>(() => host.BuildServices());

        Assert.Contains("CrmSync:Alerts:Smtp:UseTls is false while a password is set; the password would travel in clear text.", Failures(error));
    }

    /// <summary>The failure messages of a start-time validation (one section's exception, or several aggregated).</summary>
    private static IEnumerable<string> Failures(Exception error) => error switch
    {
        OptionsValidationException options => options.Failures,
        AggregateException all => all.InnerExceptions.SelectMany(Failures),
        _ => [error.Message],
    };
}
