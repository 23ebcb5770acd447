using MimeKit;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>The rules of <c>CrmSync:Alerts</c> that data annotations cannot express; every message names its key.</summary>
internal static class AlertOptionsValidation
{
    public static void Validate(AlertOptions alerts, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(errors);
        if (alerts.WebhookUrl is { } url)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add("CrmSync:Alerts:WebhookUrl must be an absolute http(s) URL.");
            }
            else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
            {
                // An incoming webhook's URL is its secret: it never travels in clear text.
                errors.Add("CrmSync:Alerts:WebhookUrl uses http:// for a non-loopback host; use https://.");
            }
        }

        var smtp = alerts.Smtp;
        if (!smtp.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(smtp.From) || !MailboxAddress.TryParse(smtp.From, out _))
        {
            errors.Add("CrmSync:Alerts:Smtp:From is required with Smtp:Host and must be an e-mail address.");
        }

        if (smtp.Recipients.Count == 0 || smtp.Recipients.Any(r => !MailboxAddress.TryParse(r, out _)))
        {
            errors.Add("CrmSync:Alerts:Smtp:To is required with Smtp:Host: e-mail addresses separated by ',' or ';'.");
        }

        if (!string.IsNullOrEmpty(smtp.Password) && string.IsNullOrEmpty(smtp.User))
        {
            errors.Add("CrmSync:Alerts:Smtp:Password is set without Smtp:User.");
        }

        if (!smtp.UseTls && !string.IsNullOrEmpty(smtp.Password))
        {
            errors.Add("CrmSync:Alerts:Smtp:UseTls is false while a password is set; the password would travel in clear text.");
        }
    }
}
