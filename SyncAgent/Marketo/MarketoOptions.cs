using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Configuration section <c>CrmSync:Marketo</c>. Limits default to the documented instance limits
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/marketo-integration-best-practices).
/// </summary>
internal sealed class MarketoOptions
{
    /// <summary>Configuration section name under <c>CrmSync</c>.</summary>
    public const string SectionName = "Marketo";

    /// <summary>Instance base URL; identity lives at <c>/identity</c>, REST at <c>/rest</c>.</summary>
    [Required(ErrorMessage = "CrmSync:Marketo:BaseUrl is required (e.g. https://123-ABC-456.mktorest.com).")]
    public Uri? BaseUrl { get; set; }

    /// <summary>Allow plain http:// to a non-loopback host (test systems only; refused otherwise).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Client id of the LaunchPoint custom service.</summary>
    [Required(ErrorMessage = "CrmSync:Marketo:ClientId is required (the LaunchPoint service's client id).")]
    public string ClientId { get; set; } = "";

    /// <summary>Client secret of the LaunchPoint custom service. Never logged.</summary>
    [Required(ErrorMessage = "CrmSync:Marketo:ClientSecret is required (the LaunchPoint service's client secret).")]
    public string ClientSecret { get; set; } = "";

    /// <summary>Calls allowed in one sliding <see cref="RateWindow"/> (documented: 100 per 20 s).</summary>
    [Range(1, 100)]
    public int MaxCallsPerWindow { get; set; } = 100;

    /// <summary>Length of the sliding rate window (documented: 20 s).</summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Calls in flight at once (documented: 10 per instance).</summary>
    [Range(1, 10)]
    public int MaxConcurrentCalls { get; set; } = 10;

    /// <summary>A token is renewed this long before it expires.</summary>
    [TimeSpanRange("00:00:00", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a call that failed transiently (604, 608, 611, 713, HTTP 5xx, network).</summary>
    [Range(0, 10)]
    public int MaxTransientRetries { get; set; } = 4;

    /// <summary>First delay of the exponential, jittered transient retry.</summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a call refused by 606 (rate) or 615 (concurrency).</summary>
    [Range(0, 20)]
    public int MaxRateLimitRetries { get; set; } = 6;

    /// <summary>Pause after a 615 before the next call, multiplied by the attempt number.</summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan ConcurrencyBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Records per Sync Leads / Add Custom Activities call and values per filter (documented max 300).</summary>
    [Range(1, 300)]
    public int BatchSize { get; set; } = 300;

    /// <summary>Longest request URI sent; filter values are split to stay under the documented 8 KB (414).</summary>
    [Range(1024, 8192)]
    public int MaxUriLength { get; set; } = 7900;

    /// <summary>The instance's daily API quota (documented default 50,000 calls), shown as the budget by <c>crmsync status</c>.</summary>
    [Range(1, int.MaxValue)]
    public int DailyQuota { get; set; } = 50_000;

    /// <summary>
    /// The share of <see cref="DailyQuota"/> this agent may use (0–1): its cycles stop cleanly, as at 607, once the
    /// agent's calls of the quota day reach it, leaving the rest to the instance's other integrations.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "CrmSync:Marketo:DailyQuotaShare must be between 0 and 1.")]
    public double DailyQuotaShare { get; set; } = 1.0;

    /// <summary>The calls a quota day allows this agent: <see cref="DailyQuota"/> × <see cref="DailyQuotaShare"/>, rounded down.</summary>
    public long DailyQuotaLimit => (long)Math.Floor(DailyQuota * DailyQuotaShare);
}
