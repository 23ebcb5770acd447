using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>E-mail through an SMTP server with MailKit: STARTTLS (or TLS on connect on port 465) unless <c>UseTls</c> is false.</summary>
internal sealed class SmtpAlertChannel(AlertSmtpOptions options) : AlertChannel
{
    /// <summary>Longest wait for the server per operation.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    public override string Name => "smtp";

    /// <inheritdoc/>
    public override async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(options.From!));
        foreach (var to in options.Recipients)
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }

        mail.Subject = message.Subject;
        mail.Body = new TextPart("plain") { Text = message.Body };

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        var security = !options.UseTls ? SecureSocketOptions.None
            : options.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await client.ConnectAsync(options.Host!, options.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(options.User))
        {
            await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }
}
