namespace CrmSync.SyncAgent.Alerts;

/// <summary>One message to every channel.</summary>
/// <param name="Subject">A one-line summary (the e-mail subject, the webhook text's first line).</param>
/// <param name="Body">The details.</param>
internal sealed record AlertMessage(string Subject, string Body)
{
    /// <summary>Subject and body as one text (the webhook's <c>text</c>).</summary>
    public string Text => Subject + "\n\n" + Body;
}
