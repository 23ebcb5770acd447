using System.ComponentModel.DataAnnotations;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Dataverse</c>: the organisation and how to authenticate.</summary>
internal sealed class DataverseOptions
{
    /// <summary>The organisation URL, e.g. <c>https://contoso.crm.dynamics.com</c>; the agent adds <c>/api/data/v9.2/</c>.</summary>
    [Required(ErrorMessage = "CrmSync:Dataverse:Url is required (the organisation URL, e.g. https://contoso.crm.dynamics.com).")]
    public Uri? Url { get; set; }

    /// <summary>Allows <c>http://</c> for a non-loopback <see cref="Url"/> (never for production).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The Entra ID tenant of the application user (client credentials).</summary>
    public string? TenantId { get; set; }

    /// <summary>The application (client) id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A static bearer token used instead of client credentials (e.g. for the emulator).</summary>
    public string? AccessToken { get; set; }

    /// <summary>Whether a static token replaces client credentials.</summary>
    public bool UsesStaticToken => !string.IsNullOrWhiteSpace(AccessToken);
}
