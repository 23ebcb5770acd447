using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>
/// An incoming webhook: <c>POST {"text": "..."}</c>, the shape Slack and Microsoft Teams incoming webhooks accept.
/// Anything but 2xx is a failed send.
/// </summary>
internal sealed class WebhookAlertChannel(HttpClient http, Uri url) : AlertChannel
{
    /// <inheritdoc/>
    public override string Name => "webhook";

    /// <inheritdoc/>
    public override async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var content = JsonContent.Create(new JsonObject { ["text"] = message.Text });
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The URL itself carries the webhook's secret (Slack, Teams), so it is never part of the error.
            throw new HttpRequestException($"The alert webhook answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }
}
