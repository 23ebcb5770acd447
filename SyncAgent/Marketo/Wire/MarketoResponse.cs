using System.Text.Json;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>
/// The envelope of every REST response: <c>requestId</c>, <c>success</c>, <c>errors</c>, <c>warnings</c>,
/// <c>result</c>, <c>nextPageToken</c>, <c>moreResult</c>
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
/// </summary>
internal sealed class MarketoResponse<T>
{
    public string? RequestId { get; init; }

    public bool Success { get; init; }

    public List<MarketoReason>? Errors { get; init; }

    // Documented both as strings and as {code,message} objects: kept raw, only ever logged by count.
    public JsonElement Warnings { get; init; }

    public List<T>? Result { get; init; }

    public string? NextPageToken { get; init; }

    public bool MoreResult { get; init; }
}
