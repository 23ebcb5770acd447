using System.ComponentModel.DataAnnotations;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Webhook</c>.</summary>
internal sealed class WebhookOptions
{
    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The shared secret a Marketo <i>Call Webhook</i> sends; unset disables the sync-person endpoint.</summary>
    [MinLength(MinimumSecretLength, ErrorMessage = "CrmSync:Webhook:Secret must be at least 16 characters.")]
    public string? Secret { get; set; }
}
