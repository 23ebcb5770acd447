using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Http;

/// <summary>The web side of <c>crmsync run</c>, on a free loopback port.</summary>
public sealed class AgentWebAppTests : IAsyncLifetime
{
    private OpsTestHost _host = null!;
    private WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _host = await OpsTestHost.StartAsync();

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    private async Task StartAsync()
    {
        (_app, _client) = await _host.StartWebAsync();
    }

    private StateStore State => _app!.Services.GetRequiredService<StateStore>();

    private static HttpRequestMessage Webhook(string? secret, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sync-person") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add(SyncPersonEndpoint.SecretHeader, secret);
        }

        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret-0123456789")]
    public async Task SyncPerson_WithoutOrWithWrongSecret_Returns401AndCreatesNothing(string? secret)
    {
        await StartAsync();
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "ann@example.com" });

        using var response = await _client.SendAsync(Webhook(secret, $"{{\"leadId\":{id}}}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Dataverse.Handler.Requests);
        Assert.Null(await State.FindLinkAsync(id));
    }

    [Fact]
    public async Task SyncPerson_DynamicsSilentPastTheDeadlineOnTheAgentClock_Returns202KeptAndLinksNothingYet()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        _host.Time = clock;
        await StartAsync();
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "slow@example.com" });
        var before = _host.Dataverse.Handler.Requests.Count;
        _host.Dataverse.Handler.EnqueueHang();

        var sending = _client.SendAsync(Webhook(OpsTestHost.WebhookSecret, $"{{\"leadId\":{id}}}"));
        await _host.Dataverse.Handler.WaitForRequestsAsync(before + 1);
        clock.Advance(TimeSpan.FromSeconds(24));
        var answeredEarly = sending.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));
        // Bounded in real time well below the 25 s deadline: only the agent's clock may end the wait.
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(answeredEarly);
        // Issue 18 item 4: this was a 504 promising that "the background sync or a retry will link the person"; neither did.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("pending", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]);
        Assert.Null(await State.FindLinkAsync(id));
        Assert.Equal(new PendingPersonRequest(id, SyncEntity.Lead), await State.FindPendingPersonRequestAsync(id));
    }

    [Fact]
    public async Task SyncPerson_GoodSecret_CreatesAndLinks()
    {
        await StartAsync();
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "ben@example.com" });

        using var response = await _client.SendAsync(Webhook(OpsTestHost.WebhookSecret, $"{{\"leadId\":\"{id}\",\"as\":\"contact\"}}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("created", (string?)json!["outcome"]);
        Assert.Equal(new RecordKey(SyncEntity.Contact, PersonRecordId.For(id)), (await State.FindLinkAsync(id))?.Record);
    }

    [Fact]
    public async Task SyncPerson_AlreadyLinked_Returns200WithoutWriting()
    {
        await StartAsync();
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "cat@example.com" });
        await using (var transaction = await State.BeginAsync())
        {
            await transaction.AddLinksAsync([new Link(id, new RecordKey(SyncEntity.Lead, Guid.NewGuid()))]);
            await transaction.CommitAsync();
        }

        using var response = await _client.SendAsync(Webhook(OpsTestHost.WebhookSecret, $"{{\"leadId\":{id}}}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("alreadyLinked", (string?)json!["outcome"]);
        Assert.Contains("updates travel with the background sync", (string?)json["message"], StringComparison.Ordinal);
        Assert.Empty(_host.Dataverse.Patches("leads"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"leadId\":-5}")]
    [InlineData("{\"leadId\":7,\"as\":\"account\"}")]
    [InlineData("[1,2]")]
    public async Task SyncPerson_BadInput_Returns400WithJsonError(string body)
    {
        await StartAsync();

        using var response = await _client.SendAsync(Webhook(OpsTestHost.WebhookSecret, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
    }

    [Fact]
    public async Task SyncPerson_OversizedBody_Returns413()
    {
        await StartAsync();
        var body = "{\"leadId\":1,\"pad\":\"" + new string('x', AgentWebApp.MaxRequestBodyBytes) + "\"}";

        using var response = await _client.SendAsync(Webhook(OpsTestHost.WebhookSecret, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_host.Dataverse.Handler.Requests);
    }

    [Fact]
    public async Task SyncPerson_NoSecretConfigured_Returns404()
    {
        _host.Settings.Remove("CrmSync:Webhook:Secret");
        await StartAsync();

        using var response = await _client.SendAsync(Webhook("anything-0123456789", "{\"leadId\":1}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_NoCycle_Returns503()
    {
        await StartAsync();

        using var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
    }

    [Fact]
    public async Task Healthz_RecentCompletedCycle_Returns200()
    {
        await StartAsync();
        await StatusSeed.SeedAsync(State, DateTimeOffset.UtcNow);

        using var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lastOutcome"]);
    }

    [Fact]
    public async Task StatusApiAndPage_SeededState_ShowCyclesBacklogAndRejections()
    {
        await StartAsync();
        _host.Dataverse.StagingCount = 7;
        await StatusSeed.SeedAsync(State, DateTimeOffset.UtcNow);

        var json = await _client.GetFromJsonAsync<JsonObject>("/api/status");
        var html = await _client.GetStringAsync("/");

        Assert.Equal(7, (int)json!["backlog"]!["dynamics"]!["pending"]!);
        Assert.Equal(12, (int)json["cycles"]![0]!["crmWritten"]!);
        Assert.Equal(StatusSeed.RejectionMessage, (string?)json["rejections"]![0]!["message"]);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Account &lt;b&gt;Name&lt;/b&gt; is required", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Name</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rejections_Search_FiltersAndCsvRoundTrips()
    {
        await StartAsync();
        await StatusSeed.SeedAsync(State, DateTimeOffset.UtcNow);

        var matching = await _client.GetFromJsonAsync<JsonArray>("/api/rejections?search=0x80040265");
        var none = await _client.GetFromJsonAsync<JsonArray>("/api/rejections?search=nothing-like-this");
        var csv = await _client.GetStringAsync("/rejections.csv");

        Assert.Single(matching!);
        Assert.Empty(none!);
        var rows = CsvReader.Parse(csv);
        Assert.Equal("message", rows[0][10]);
        Assert.Equal(StatusSeed.RejectionMessage, rows[1][10]);
        Assert.Equal("email; firstName", rows[1][7]);
    }

    [Fact]
    public async Task Status_WithStatusKey_RequiresTheHeader()
    {
        _host.Settings["CrmSync:Http:StatusKey"] = "status-key-0123456789";
        await StartAsync();

        using var without = await _client.GetAsync("/api/status");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Add(AgentEndpoints.StatusKeyHeader, "status-key-0123456789");
        using var with = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task Build_NonLoopbackUrlWithoutStatusKey_FailsAtStartNamingTheKey()
    {
        _host.Settings["CrmSync:Http:Urls"] = "http://10.1.2.3:5080";
        var app = AgentWebApp.Build(_host.Configuration(), _host.ConfigureServices);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("CrmSync:Http:StatusKey", error.Message, StringComparison.Ordinal);
        }
    }
}
