using System.ComponentModel.DataAnnotations;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Http</c>.</summary>
internal sealed class HttpOptions
{
    /// <summary>The default: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The addresses the agent listens on, separated by <c>;</c>.</summary>
    [Required(ErrorMessage = "CrmSync:Http:Urls is required (default: http://127.0.0.1:5080).")]
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>
    /// Key required as header <c>X-CrmSync-Key</c> on the status page and status API. Required before the agent
    /// listens on a non-loopback address; unset (the default) leaves them open on loopback only.
    /// </summary>
    [MinLength(16, ErrorMessage = "CrmSync:Http:StatusKey must be at least 16 characters.")]
    public string? StatusKey { get; set; }

    /// <summary>
    /// Host names (or addresses) callers use to reach the agent, separated by <c>;</c>, e.g. the public name Marketo's
    /// webhook calls. Requests whose <c>Host</c> header is none of these, nor a loopback name, nor a host named in
    /// <see cref="Urls"/>, are refused (a web page cannot read the status pages through DNS rebinding).
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>The allowed host names, split.</summary>
    public IReadOnlyList<string> AllowedHostList => (AllowedHosts ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The addresses, split.</summary>
    public IReadOnlyList<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
