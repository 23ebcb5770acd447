using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>
/// A per-record result of Sync Leads (<c>id</c>, <c>status</c>, <c>reasons</c>) or Add Custom Activities
/// (<c>id</c>, <c>marketoGUID</c>, <c>status</c>, <c>errors</c>).
/// </summary>
internal sealed class RecordResultDto
{
    public long? Id { get; init; }

    [JsonPropertyName("marketoGUID")]
    public string? MarketoGuid { get; init; }

    public string? Status { get; init; }

    public List<MarketoReason>? Reasons { get; init; }

    public List<MarketoReason>? Errors { get; init; }
}
