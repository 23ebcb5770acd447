using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>
/// Identity response <c>{"access_token","token_type":"bearer","expires_in","scope"}</c>
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication).
/// </summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }
}
