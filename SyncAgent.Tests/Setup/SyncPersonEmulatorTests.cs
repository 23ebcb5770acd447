using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// "Sync person to Dynamics" (B4) against both emulators, after <c>fields --apply</c>: <c>crmsync sync-person</c> and the
/// webhook of <c>crmsync run</c> create the record in the Dataverse emulator (through its real plug-in pipeline) and link it.
/// </summary>
public sealed class SyncPersonEmulatorTests
{
    private static async Task<EmulatorOpsHost> ConfiguredAsync()
    {
        var host = await EmulatorOpsHost.StartAsync();
        Assert.Equal(0, (await host.RunAsync("fields", "--apply")).ExitCode);
        return host;
    }

    private static async Task<Link?> LinkAsync(EmulatorOpsHost host, long marketoId)
    {
        await using var services = host.BuildServices();
        return await services.GetRequiredService<StateStore>().FindLinkAsync(marketoId);
    }

    [Fact]
    public async Task SyncPersonCli_NewPerson_CreatesTheLeadInDynamicsAndLinksIt()
    {
        await using var host = await ConfiguredAsync();
        var id = host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "nia@example.com", ["firstName"] = "Nia", ["lastName"] = "Okafor", ["title"] = "CTO" });

        var (exitCode, output, error) = await host.RunAsync("sync-person", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var again = await host.RunAsync("sync-person", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exitCode == 0, output + error);
        var lead = host.Dataverse.Admin.GetRecord("lead", PersonRecordId.For(id));
        Assert.NotNull(lead);
        Assert.Equal(("nia@example.com", "Okafor", "CTO"), ((string?)lead["emailaddress1"], (string?)lead["lastname"], (string?)lead["jobtitle"]));
        Assert.Contains($"Created lead {PersonRecordId.For(id):D} for Marketo person {id} and linked it.", output, StringComparison.Ordinal);
        Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(id)), (await LinkAsync(host, id))?.Record);
        // The sync user's own create is not staged: the steps skip it.
        Assert.Equal(0, host.Dataverse.Admin.Count("crmsync_syncevent"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("updates travel with the background sync", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, host.Dataverse.Admin.Count("lead"));
    }

    [Fact]
    public async Task SyncPersonWebhook_WithTheSecret_CreatesTheContactAndLinksIt_WithoutItNothing()
    {
        await using var host = await ConfiguredAsync();
        var id = host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "oscar@example.com", ["lastName"] = "Berg" });
        var (app, client) = await host.StartWebAsync();
        await using var web = app;
        using var http = client;
        HttpRequestMessage Webhook(string? secret)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/sync-person") { Content = new StringContent($"{{\"leadId\":{id},\"as\":\"contact\"}}", Encoding.UTF8, "application/json") };
            if (secret is not null)
            {
                request.Headers.Add(SyncPersonEndpoint.SecretHeader, secret);
            }

            return request;
        }

        using var anonymous = await http.SendAsync(Webhook(null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(0, host.Dataverse.Admin.Count("contact"));

        using var response = await http.SendAsync(Webhook(OpsTestHost.WebhookSecret));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("created", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]);
        var contact = host.Dataverse.Admin.GetRecord("contact", PersonRecordId.For(id));
        Assert.Equal("oscar@example.com", contact?["emailaddress1"]);
        var link = await app.Services.GetRequiredService<StateStore>().FindLinkAsync(id);
        Assert.Equal(new RecordKey(SyncEntity.Contact, PersonRecordId.For(id)), link?.Record);
        Assert.Equal(0, host.Dataverse.Admin.Count("crmsync_syncevent"));
        await app.StopAsync();
    }
}
