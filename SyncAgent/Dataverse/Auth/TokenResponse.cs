using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Dataverse.Auth;

/// <summary>An OAuth 2.0 token endpoint response (RFC 6749 §5.1).</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);
