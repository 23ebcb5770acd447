using CrmSync.SyncAgent.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Hosting;

/// <summary>
/// Checks the configuration values that are not <see cref="CrmSyncOptions"/> but would otherwise fail later with a
/// stack trace (issue 18 item 8): every <c>Logging:…:LogLevel:…</c> value, and, for a command that listens, an https
/// address without a certificate.
/// </summary>
internal static class ConfigurationChecks
{
    /// <summary>The key of the listener's certificate file (Kestrel's default certificate).</summary>
    public const string CertificatePathKey = "Kestrel:Certificates:Default:Path";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming each invalid key.</summary>
    public static void Check(IConfiguration configuration, bool listens)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        foreach (var (key, value) in configuration.GetSection("Logging").AsEnumerable())
        {
            // Microsoft.Extensions.Logging reads these as LogLevel names (case-insensitive) and throws on anything else.
            if (key.Contains(":LogLevel:", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(value)
                && (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level)))
            {
                errors.Add($"{key} '{value}' is not a log level; use Trace, Debug, Information, Warning, Error, Critical or None.");
            }
        }

        if (listens)
        {
            var urls = configuration[$"{CrmSyncOptions.SectionName}:Http:Urls"];
            var list = new HttpOptions { Urls = string.IsNullOrWhiteSpace(urls) ? HttpOptions.DefaultUrls : urls }.UrlList;
            foreach (var url in list.Where(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
            {
                if (string.IsNullOrWhiteSpace(configuration[CertificatePathKey]))
                {
                    errors.Add($"CrmSync:Http:Urls entry '{url}' is https but no certificate is configured; set {CertificatePathKey} (a .pfx, or a .pem with Kestrel:Certificates:Default:KeyPath) or listen on http.");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(errors);
        }
    }
}
