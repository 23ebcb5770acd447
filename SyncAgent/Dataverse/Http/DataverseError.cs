using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Dataverse.Http;

/// <summary>The Web API error body <c>{"error":{"code":"0x80040265","message":"..."}}</c>.</summary>
internal sealed record DataverseError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>Envelope of <see cref="DataverseError"/>.</summary>
internal sealed record DataverseErrorEnvelope([property: JsonPropertyName("error")] DataverseError? Error);
