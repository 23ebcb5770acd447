using CrmSync.SyncAgent.Configuration;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>Never a secret in an alert: every configured secret is masked in the text sent, whatever produced the text.</summary>
internal sealed class AlertRedactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "[redacted]";

    private readonly string[] _secrets;

    public AlertRedactor(CrmSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secrets = new[]
        {
            options.Dataverse.ClientSecret, options.Dataverse.AccessToken, options.Marketo.ClientSecret, options.Webhook.Secret,
            options.Http.StatusKey, options.Alerts.Smtp.Password, options.Alerts.WebhookUrl?.AbsoluteUri,
            options.Alerts.WebhookUrl?.PathAndQuery is { Length: > 1 } path ? path : null,
        }
        .Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4)
        .Select(s => s!)
        .OrderByDescending(s => s.Length)
        .ToArray();
    }

    /// <summary><paramref name="text"/> with every secret masked.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary><paramref name="message"/> with every secret masked.</summary>
    public AlertMessage Redact(AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new AlertMessage(Redact(message.Subject), Redact(message.Body));
    }
}
