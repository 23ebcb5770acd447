using System.ComponentModel.DataAnnotations;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Marketo</c>: the instance and its API credentials.</summary>
internal sealed class MarketoOptions
{
    /// <summary>The instance base URL, e.g. <c>https://123-ABC-456.mktorest.com</c> (identity at <c>/identity</c>, REST at <c>/rest</c>).</summary>
    [Required(ErrorMessage = "CrmSync:Marketo:BaseUrl is required (e.g. https://123-ABC-456.mktorest.com).")]
    public Uri? BaseUrl { get; set; }

    /// <summary>Allows <c>http://</c> for a non-loopback <see cref="BaseUrl"/> (never for production).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The LaunchPoint client id.</summary>
    [Required(ErrorMessage = "CrmSync:Marketo:ClientId is required.")]
    public string? ClientId { get; set; }

    /// <summary>The LaunchPoint client secret.</summary>
    [Required(ErrorMessage = "CrmSync:Marketo:ClientSecret is required.")]
    public string? ClientSecret { get; set; }
}
