using System.Net;
using System.Text;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.SyncAgent.Tests.Http;

/// <summary>Issue 18 item 9: Host allow-list (DNS rebinding) and the status page's security headers, over real HTTP.</summary>
public sealed class HttpHardeningTests : IAsyncLifetime
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

    private async Task StartAsync() => (_app, _client) = await _host.StartWebAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string host, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Add(SyncPersonEndpoint.SecretHeader, OpsTestHost.WebhookSecret);
        }

        return await _client.SendAsync(request);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/status")]
    [InlineData("/api/rejections")]
    [InlineData("/rejections.csv")]
    [InlineData("/healthz")]
    public async Task StatusRoutes_RebindingHostName_Return400(string path)
    {
        await StartAsync();

        using var response = await SendAsync(HttpMethod.Get, path, "attacker.example.com");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CrmSync:Http:AllowedHosts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncPerson_RebindingHostName_Returns400AndCreatesNothing()
    {
        await StartAsync();
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "rebind@example.com" });

        using var response = await SendAsync(HttpMethod.Post, "/api/sync-person", "attacker.example.com", $"{{\"leadId\":{id}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Dataverse.Handler.Requests);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task StatusPage_LoopbackHostNames_Return200(string name)
    {
        await StartAsync();

        using var response = await SendAsync(HttpMethod.Get, "/api/status", $"{name}:{_client.BaseAddress!.Port}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StatusPage_ConfiguredPublicName_Returns200AndOthersStill400()
    {
        _host.Settings["CrmSync:Http:AllowedHosts"] = "crmsync.contoso.com; agent.contoso.com";
        await StartAsync();

        using var allowed = await SendAsync(HttpMethod.Get, "/api/status", "agent.contoso.com");
        using var other = await SendAsync(HttpMethod.Get, "/api/status", "contoso.com.attacker.example");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task StatusPage_Always_SendsCspNosniffAndDeny()
    {
        await StartAsync();

        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
    }
}
