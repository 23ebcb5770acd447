using CrmSync.SyncAgent.Configuration;

namespace CrmSync.SyncAgent.Hosting;

/// <summary>Every configured secret, for what must never carry one (alerts).</summary>
internal static class AgentSecrets
{
    /// <summary>The secrets of <paramref name="options"/>, including the alert webhook URL and its path (a Teams/Slack URL is a secret).</summary>
    public static IEnumerable<string?> Of(CrmSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            options.Dataverse.ClientSecret, options.Dataverse.AccessToken, options.Marketo.ClientSecret, options.Webhook.Secret,
            options.Http.StatusKey, options.Alerts.Smtp.Password, options.Alerts.WebhookUrl?.AbsoluteUri,
            options.Alerts.WebhookUrl?.PathAndQuery is { Length: > 1 } path ? path : null,
        ];
    }
}
