using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// The sync-person webhook per pair (DESIGN B21) against two emulator pairs: <c>/api/pairs/&lt;name&gt;/sync-person</c>
/// runs on that pair's Dynamics, Marketo, state and secret; <c>/api/sync-person</c> is the pair <c>default</c>.
/// </summary>
public sealed class PairWebhookEmulatorTests
{
    private const string ApacSecret = "apac-webhook-secret-98765";

    [Fact]
    public async Task PairPath_CreatesTheLeadInThatPairsDynamicsOnly_OldPathIsDefault_UnknownPairIs404()
    {
        await using var a = await EmulatorOpsHost.StartAsync();
        await using var b = await EmulatorOpsHost.StartAsync();
        Assert.Equal(0, (await a.RunAsync("fields", "--apply")).ExitCode);
        Assert.Equal(0, (await b.RunAsync("fields", "--apply")).ExitCode);
        var inB = b.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "ren@example.com", ["lastName"] = "Ito" });
        var inA = a.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "ada@example.com", ["lastName"] = "Lind" });

        // Pair 'default' takes the top-level sections (A's); pair 'apac' lays B's over them, with its own webhook secret.
        var settings = new Dictionary<string, string?>(a.Settings)
        {
            ["CrmSync:Pairs:default:Sync:Interval"] = "00:05:00",
            ["CrmSync:Pairs:apac:Dataverse:Url"] = b.Settings["CrmSync:Dataverse:Url"],
            ["CrmSync:Pairs:apac:Dataverse:AccessToken"] = b.Settings["CrmSync:Dataverse:AccessToken"],
            ["CrmSync:Pairs:apac:Marketo:BaseUrl"] = b.Settings["CrmSync:Marketo:BaseUrl"],
            ["CrmSync:Pairs:apac:State:ConnectionString"] = b.Settings["CrmSync:State:ConnectionString"],
            ["CrmSync:Pairs:apac:Webhook:Secret"] = ApacSecret,
        };
        var (app, client) = await InProcessAgent.StartWebAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var web = app;
        using var http = client;

        using var topSecretOnApac = await http.SendAsync(Webhook($"/api/pairs/apac/sync-person", inB, OpsTestHost.WebhookSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, topSecretOnApac.StatusCode);

        using var apac = await http.SendAsync(Webhook($"/api/pairs/apac/sync-person", inB, ApacSecret));

        Assert.Equal(HttpStatusCode.Created, apac.StatusCode);
        Assert.Equal("ren@example.com", b.Dataverse.Admin.GetRecord("lead", PersonRecordId.For(inB))?["emailaddress1"]);
        Assert.Equal((0, 1), (a.Dataverse.Admin.Count("lead"), b.Dataverse.Admin.Count("lead")));
        Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(inB)), (await LinkAsync(b, inB))?.Record);
        Assert.Null(await LinkAsync(a, inB));

        // The old path is the pair 'default', with the top-level secret.
        using var old = await http.SendAsync(Webhook("/api/sync-person", inA, OpsTestHost.WebhookSecret));

        Assert.Equal(HttpStatusCode.Created, old.StatusCode);
        Assert.Equal("ada@example.com", a.Dataverse.Admin.GetRecord("lead", PersonRecordId.For(inA))?["emailaddress1"]);
        Assert.Equal((1, 1), (a.Dataverse.Admin.Count("lead"), b.Dataverse.Admin.Count("lead")));
        Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(inA)), (await LinkAsync(a, inA))?.Record);

        using var unknown = await http.SendAsync(Webhook("/api/pairs/nope/sync-person", inB, OpsTestHost.WebhookSecret));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown pair 'nope'", (string?)(await unknown.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        Assert.Equal((1, 1), (a.Dataverse.Admin.Count("lead"), b.Dataverse.Admin.Count("lead")));
        await app.StopAsync();
    }

    [Fact]
    public async Task OldPath_PairsWithoutDefault_Is404NamingDefault()
    {
        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:Pairs:emea:Sync:Interval"] = "00:05:00";
        var (app, client) = await host.StartWebAsync();
        await using var web = app;
        using var http = client;

        using var response = await http.SendAsync(Webhook("/api/sync-person", 1001, OpsTestHost.WebhookSecret));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown pair 'default'", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        await app.StopAsync();
    }

    [Fact]
    public async Task PairPath_PairsOwnSectionInvalid_Is503WithoutTheKey()
    {
        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:Pairs:emea:Sync:Interval"] = "00:00:01";
        var (app, client) = await host.StartWebAsync();
        await using var web = app;
        using var http = client;

        using var response = await http.SendAsync(Webhook("/api/pairs/emea/sync-person", 1001, OpsTestHost.WebhookSecret));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("pair 'emea' is not configured correctly; the agent's log names the key", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        await app.StopAsync();
    }

    private static HttpRequestMessage Webhook(string path, long leadId, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent($"{{\"leadId\":{leadId}}}", Encoding.UTF8, "application/json") };
        request.Headers.Add(SyncPersonEndpoint.SecretHeader, secret);
        return request;
    }

    private static async Task<Link?> LinkAsync(EmulatorOpsHost host, long marketoId)
    {
        await using var services = host.BuildServices();
        return await services.GetRequiredService<StateStore>().FindLinkAsync(marketoId);
    }
}
