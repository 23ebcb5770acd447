using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CrmSync.DataverseEmulator.Tests.Support;

/// <summary>An HttpClient on the emulator's Web API with a bearer token and the documented OData headers.</summary>
internal sealed class EmulatorClient : IDisposable
{
    public const string MakerToken = "maker-token";
    public const string SyncToken = "sync-token";

    public EmulatorClient(DataverseEmulator emulator, string token)
    {
        Http = new HttpClient { BaseAddress = emulator.ApiUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Http.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        Http.DefaultRequestHeaders.Add("OData-Version", "4.0");
    }

    public HttpClient Http { get; }

    public static DataverseEmulatorOptions Options(TimeProvider? time = null)
    {
        var options = new DataverseEmulatorOptions { TimeProvider = time ?? TimeProvider.System };
        options.StaticTokens["crmsync-maker"] = MakerToken;
        options.StaticTokens["crmsync-sync"] = SyncToken;
        return options;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Http.SendAsync(request);
    }

    public async Task<Guid> CreateAsync(string set, object body)
    {
        using var response = await SendAsync(HttpMethod.Post, set, body);
        Assert.Equal(204, (int)response.StatusCode);
        var entityId = response.Headers.GetValues("OData-EntityId").Single();
        return Guid.Parse(entityId[(entityId.LastIndexOf('(') + 1)..^1]);
    }

    public async Task<JsonElement> GetJsonAsync(string url, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(HttpMethod.Get, url, null, headers);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} -> {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Puts the sync user's id into every step's unsecure configuration through the Web API, as setup does (the plug-in
    /// skips a zero one as not configured).
    /// </summary>
    public async Task ConfigureSyncUserAsync(Guid syncUserId)
    {
        var steps = await GetJsonAsync("sdkmessageprocessingsteps?$select=configuration");
        foreach (var step in steps.GetProperty("value").EnumerateArray())
        {
            var configuration = step.GetProperty("configuration").GetString()!.Replace(Guid.Empty.ToString(), syncUserId.ToString(), StringComparison.Ordinal);
            using var patch = await SendAsync(HttpMethod.Patch, $"sdkmessageprocessingsteps({step.GetProperty("sdkmessageprocessingstepid").GetGuid()})",
                new { configuration }, ("If-Match", "*"));
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        }
    }

    public static async Task<(string Code, string Message)> ErrorAsync(HttpResponseMessage response)
    {
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    public void Dispose() => Http.Dispose();
}
