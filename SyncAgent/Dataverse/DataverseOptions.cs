using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>Configuration section <c>CrmSync:Dataverse</c>.</summary>
internal sealed class DataverseOptions : IValidatableObject
{
    public const string SectionName = "CrmSync:Dataverse";

    /// <summary>The organization URL, e.g. <c>https://contoso.crm.dynamics.com</c>; the client adds <c>/api/data/v9.2/</c>.</summary>
    [Required(ErrorMessage = "CrmSync:Dataverse:Url is required (the organisation URL, e.g. https://contoso.crm.dynamics.com).")]
    public Uri? Url { get; set; }

    /// <summary>Allow plain http:// to a non-loopback host (test systems only; refused otherwise).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>A static bearer token (e.g. for the emulator). When set, MSAL is not used.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Microsoft Entra tenant id, for client credentials.</summary>
    public string? TenantId { get; set; }

    /// <summary>Application (client) id of the app registration that is the sync user.</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret of that app registration. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Explicit token authority (sovereign clouds, test token servers), e.g.
    /// <c>https://login.microsoftonline.us/&lt;tenant&gt;</c>. When set, instance discovery and authority
    /// validation are off. MSAL only accepts https; an http authority is allowed only on a loopback host (the
    /// emulator) and is then served by <see cref="Auth.LoopbackClientCredentialsTokenSource"/>. When unset and
    /// <see cref="Url"/> is an http loopback URL, the authority is <c>{Url}/{TenantId}/</c> (the emulator's token
    /// endpoint); otherwise it is Microsoft Entra ID's public cloud for <see cref="TenantId"/>.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>
    /// Records per page requested with <c>Prefer: odata.maxpagesize</c> (Dataverse maximum 5000). The maximum by default:
    /// every page is one request of the 6,000 per 5 minutes, and 500 made a 10,000-change cycle read 20 pages where 2 do
    /// (tools/BENCHMARKS.md, API economy).
    /// </summary>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 5000;

    /// <summary>Operations per <c>$batch</c> request (Dataverse maximum 1000).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// The most requests in flight at once (Dataverse's concurrency limit is 52 per user). The agent starts with one and
    /// raises the number while Dataverse answers without 429 (see <see cref="Pacing.DataversePacer"/>); this is the ceiling.
    /// </summary>
    [Range(1, 52)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>
    /// How long one <c>$batch</c> should take: when writes are slow (synchronous plug-ins), batches get smaller than
    /// <see cref="BatchSize"/> so that one stays well inside Dataverse's 2-minute request timeout.
    /// </summary>
    [TimeSpanRange("00:00:01", "00:01:50")]
    public TimeSpan TargetBatchDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A cap on the execution time the agent lets its own requests take per <see cref="ServiceProtectionWindow"/>
    /// (measured as each request's duration). Unset by default: the agent paces by Dataverse's answers alone, as
    /// Microsoft recommends (start low, raise while no 429, halve and wait out <c>Retry-After</c> on one); in the
    /// issue 17 benchmark the agent's own account (1.13 × the server's charge) held it at 0.86 of the limit with no 429,
    /// without it 0.90 with 1 of 4,091 requests answered 429. Set it when other clients (another integration, a separate
    /// <c>sync-person</c> process) use the same user, to leave them their share of Dataverse's 20 minutes per 5.
    /// </summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan? ExecutionTimeBudget { get; set; }

    /// <summary>The sliding window of Dataverse's service protection limits (documented: 5 minutes).</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan ServiceProtectionWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after the first attempt for throttled or transient failures.</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>Base delay of the exponential backoff (with jitter) for transient failures.</summary>
    [TimeSpanRange("00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest Retry-After the client will wait; a longer one fails the call so the cycle stops cleanly.</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one attempt (Dataverse itself gives up on a request after 2 minutes).</summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Name of the plug-in assembly whose steps <c>crmsync fields --apply</c> configures.</summary>
    [Required]
    public string PluginAssemblyName { get; set; } = "CrmSync.Plugins";

    /// <summary>True when client credentials (rather than a static token) authenticate.</summary>
    public bool UsesClientCredentials => string.IsNullOrEmpty(AccessToken);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("CrmSync:Dataverse:Url must be an absolute URL.", [nameof(Url)]);
        }

        if (!UsesClientCredentials)
        {
            yield break;
        }

        if (string.IsNullOrEmpty(ClientId))
        {
            yield return new ValidationResult(
                "CrmSync:Dataverse:ClientId is required unless CrmSync:Dataverse:AccessToken is set.", [nameof(ClientId)]);
        }

        if (string.IsNullOrEmpty(ClientSecret))
        {
            yield return new ValidationResult(
                "CrmSync:Dataverse:ClientSecret is required unless CrmSync:Dataverse:AccessToken is set.", [nameof(ClientSecret)]);
        }

        if (string.IsNullOrEmpty(TenantId) && Authority is null)
        {
            yield return new ValidationResult(
                "CrmSync:Dataverse:TenantId is required unless CrmSync:Dataverse:AccessToken (or an explicit Authority) is set.", [nameof(TenantId)]);
        }

        if (Authority is not null && Authority.Scheme != Uri.UriSchemeHttps && !IsLoopbackHttp(Authority))
        {
            yield return new ValidationResult(
                "CrmSync:Dataverse:Authority must be an https URL (MSAL requires it), or http on 127.0.0.1 for the emulator.", [nameof(Authority)]);
        }
    }

    /// <summary>
    /// The token authority in effect for client credentials (see <see cref="Authority"/>); null when the public
    /// cloud authority for <see cref="TenantId"/> applies.
    /// </summary>
    public Uri? ResolveAuthority()
    {
        if (Authority is not null)
        {
            return Authority;
        }

        return Url is not null && IsLoopbackHttp(Url) && !string.IsNullOrEmpty(TenantId)
            ? new Uri(Url.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(TenantId) + "/")
            : null;
    }

    /// <summary>True for an http URL on a loopback host (the emulators).</summary>
    public static bool IsLoopbackHttp(Uri url) => url.Scheme == Uri.UriSchemeHttp && url.IsLoopback;
}
