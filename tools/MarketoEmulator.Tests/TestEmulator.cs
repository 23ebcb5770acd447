using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.MarketoEmulator.Tests;

/// <summary>An emulator on a fake clock plus an HttpClient that talks to it over real HTTP.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The token request of the emulator's default client.</summary>
    public const string TokenPath =
        $"identity/oauth/token?grant_type=client_credentials&client_id={MarketoEmulatorOptions.DefaultClientId}&client_secret={MarketoEmulatorOptions.DefaultClientSecret}";

    private string? _token;

    private TestEmulator(MarketoEmulator emulator, FakeTimeProvider clock)
    {
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = new Uri(emulator.BaseUrl + "/") };
    }

    public MarketoEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static async Task<TestEmulator> CreateSut(Action<MarketoEmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new MarketoEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return new TestEmulator(await MarketoEmulator.StartAsync(options), clock);
    }

    public async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            var body = await Http.GetFromJsonAsync<JsonElement>(TokenPath);
            _token = body.GetProperty("access_token").GetString()!;
        }

        return _token;
    }

    /// <summary>Drops the cached token: the next call fetches a new one (e.g. after the clock moved past its expiry).</summary>
    public void ForgetToken() => _token = null;

    public async Task<JsonElement> GetAsync(string path) => await SendAsync(HttpMethod.Get, path, null);

    public async Task<JsonElement> PostAsync(string path, object body) => await SendAsync(HttpMethod.Post, path, body);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body)
    {
        using var response = await SendRawAsync(method, path, body);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", await TokenAsync());
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Creates leads through Sync Leads and returns their ids.</summary>
    public async Task<int[]> CreateLeadsAsync(params object[] leads)
    {
        var body = await PostAsync("rest/v1/leads.json", new { action = "createOnly", input = leads });
        return body.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
