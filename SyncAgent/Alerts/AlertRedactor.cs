namespace CrmSync.SyncAgent.Alerts;

/// <summary>Never a secret in an alert: every configured secret is masked in the text sent, whatever produced the text.</summary>
internal sealed class AlertRedactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "[redacted]";

    private readonly string[] _secrets;

    /// <summary>A redactor of <paramref name="secrets"/> (every configured secret); blanks and very short values are ignored.</summary>
    public AlertRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = secrets
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
