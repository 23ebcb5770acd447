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

    /// <summary>
    /// How long a sync-person call may take once its request is kept in the state (issue 17). When Dynamics has paused
    /// the sync user (a 429's Retry-After) past it, or it passes, the call answers 202 "pending" at once and the agent's
    /// drain creates the person as soon as Dynamics takes requests again. The 25 s deadline stays the outer bound.
    /// </summary>
    [TimeSpanRange("00:00:00.100", "00:00:20", ErrorMessage = "CrmSync:Webhook:AnswerWithin must be between 00:00:00.100 and 00:00:20.")]
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromMilliseconds(800);
}
