using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Webhook</c>.</summary>
internal sealed class WebhookOptions
{
    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The shared secret a Marketo <i>Call Webhook</i> sends; unset disables the sync-person endpoint.</summary>
    [MinLength(MinimumSecretLength, ErrorMessage = "CrmSync:Webhook:Secret must be at least 16 characters.")]
    public string? Secret { get; set; }

    /// <summary>
    /// How long the first sync-person call for a new person waits for others before its Get Leads by id is sent, so
    /// persons arriving together cost one Marketo call (issue 17); calls arriving while that call is in flight go in
    /// the next one. Zero sends at once.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:00:01", ErrorMessage = "CrmSync:Webhook:LookupGatherWindow must be between 00:00:00 and 00:00:01.")]
    public TimeSpan LookupGatherWindow { get; set; } = TimeSpan.FromMilliseconds(50);
}
