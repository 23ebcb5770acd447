namespace CrmSync.SyncAgent.Alerts;

/// <summary>Where alerts go (webhook, e-mail). A failed send throws; the monitor tries again at the next check.</summary>
internal abstract class AlertChannel
{
    /// <summary>A stable name, stored with what was sent (<c>webhook</c>, <c>smtp</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Delivers <paramref name="message"/>.</summary>
    public abstract Task SendAsync(AlertMessage message, CancellationToken cancellationToken);
}
