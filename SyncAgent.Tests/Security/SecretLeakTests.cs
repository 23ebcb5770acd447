using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.MarketoEmulator;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using CrmSync.SyncAgent.Tests.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Tests.Security;

/// <summary>
/// Secrets never leak (issue 7): with known values for the Dataverse client secret or access token, the Marketo client
/// secret and access token, the webhook secret and the status key, every command and every HTTP page runs against the
/// emulators (a rejection and a sync-person included, logs at Trace), and nothing written contains any of them.
/// </summary>
public sealed class SecretLeakTests
{
    private const string WebhookSecret = "webhook-SECRET-7c1e0f";
    private const string StatusKey = "status-KEY-93ab55";
    private const string DataverseClientSecret = "crmsync-sync-secret";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EveryCommandAndPage_KnownSecrets_NeverWritten(bool clientCredentials)
    {
        await using var sut = await SyncHarness.StartAsync();
        var settings = sut.Settings;
        var secrets = new List<string> { MarketoEmulatorOptions.DefaultClientSecret, WebhookSecret, StatusKey };
        if (clientCredentials)
        {
            secrets.Add(DataverseClientSecret);
            settings.Remove("CrmSync:Dataverse:AccessToken");
            settings["CrmSync:Dataverse:TenantId"] = "00000000-0000-0000-0000-000000000000";
            settings["CrmSync:Dataverse:ClientId"] = "crmsync-sync";
            settings["CrmSync:Dataverse:ClientSecret"] = DataverseClientSecret;
        }
        else
        {
            secrets.Add(settings["CrmSync:Dataverse:AccessToken"]!);
        }

        settings["CrmSync:Webhook:Secret"] = WebhookSecret;
        settings["CrmSync:Http:StatusKey"] = StatusKey;
        settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
        settings["Logging:LogLevel:Default"] = "Trace";
        await RejectionAndPersonAsync(sut);
        var person = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "leak@example.com", ["lastName"] = "Leak" });
        var csv = Path.Combine(Path.GetTempPath(), $"crmsync-leak-{Guid.NewGuid():N}.csv");
        var written = new List<string>();
        try
        {
            foreach (var args in new[]
            {
                ["sync", "--once"], ["status"], ["status", "--json"], ["status", "--search", "title"], ["status", "--csv", csv],
                ["doctor"], ["fields"], ["fields", "--check"], ["sync-person", person.ToString(CultureInfo.InvariantCulture)],
                ["sync-person", "999999"], new[] { "sync", "--once" },
            })
            {
                var (_, output, error) = await HarnessCli.RunAsync(settings, args);
                written.Add(output);
                written.Add(error);
            }

            written.Add(await File.ReadAllTextAsync(csv));
            written.AddRange(await PagesAsync(settings, person));
        }
        finally
        {
            File.Delete(csv);
        }

        secrets.Add(await MarketoTokenAsync(sut));
        Assert.Contains(written, w => w.Contains("title", StringComparison.OrdinalIgnoreCase)); // the rejection is shown
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(written, w => w.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static async Task<List<string>> PagesAsync(Dictionary<string, string?> settings, int person)
    {
        var logs = new CapturingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var (app, client) = await InProcessAgent.StartWebAsync(configuration, services => services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        await using var web = app;
        using var http = client;
        var written = new List<string>();
        foreach (var path in new[] { "/", "/healthz", "/api/status", "/api/rejections?search=title", "/rejections.csv" })
        {
            written.Add(await ReadAsync(http, new HttpRequestMessage(HttpMethod.Get, path)));
            using var keyed = new HttpRequestMessage(HttpMethod.Get, path);
            keyed.Headers.Add(AgentEndpoints.StatusKeyHeader, StatusKey);
            written.Add(await ReadAsync(http, keyed));
        }

        foreach (var secret in new[] { null, "wrong", WebhookSecret })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/sync-person") { Content = JsonContent.Create(new { leadId = person, @as = "contact" }) };
            if (secret is not null)
            {
                post.Headers.Add("X-CrmSync-Secret", secret);
            }

            written.Add(await ReadAsync(http, post));
        }

        await app.StopAsync();
        written.AddRange(logs.Lines);
        return written;
    }

    private static async Task<string> ReadAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            return $"{(int)response.StatusCode} {response.Headers} {response.Content.Headers} {await response.Content.ReadAsStringAsync()}";
        }
    }

    private static async Task RejectionAndPersonAsync(SyncHarness sut)
    {
        var contact = sut.CreateAsMaker("contact", ("lastname", "Rejected"), ("emailaddress1", "rejected@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        sut.Dataverse.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", MixedScenario.RuleMessage));
        sut.EditInMarketo(await sut.LinkedPersonAsync("contact", contact), ("title", "Bad title"));
    }

    /// <summary>The access token the Marketo emulator hands this client (Marketo returns the live token until it expires).</summary>
    private static async Task<string> MarketoTokenAsync(SyncHarness sut)
    {
        using var http = new HttpClient { BaseAddress = new Uri(sut.Marketo.BaseUrl) };
        using var token = JsonDocument.Parse(await http.GetStringAsync(
            $"identity/oauth/token?grant_type=client_credentials&client_id={MarketoEmulatorOptions.DefaultClientId}&client_secret={MarketoEmulatorOptions.DefaultClientSecret}"));
        return token.RootElement.GetProperty("access_token").GetString()!;
    }
}
