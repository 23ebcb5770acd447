using System.Net;
using System.Text;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>
/// Replays Marketo responses: one-shot responses queued per path are served first, then the path's standing
/// responder. The identity endpoint answers a fresh documented token (tok-1, tok-2, …) unless told otherwise.
/// </summary>
internal sealed class FakeMarketoHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<Func<RecordedRequest, HttpResponseMessage>>> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<RecordedRequest, HttpResponseMessage>> _standing = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _tokens;

    public FakeMarketoHandler(TimeProvider? time = null)
    {
        Time = time;
        On("/identity/oauth/token", _ => Json(
            $$"""{"access_token":"tok-{{Interlocked.Increment(ref _tokens)}}","token_type":"bearer","expires_in":{{TokenLifetimeSeconds}},"scope":"apis@acmeinc.com"}"""));
    }

    public TimeProvider? Time { get; }

    public int TokenLifetimeSeconds { get; set; } = 3599;

    public List<RecordedRequest> Requests { get; } = [];

    public IEnumerable<RecordedRequest> Rest => Requests.Where(r => r.Path.StartsWith("/rest/", StringComparison.Ordinal));

    public IEnumerable<RecordedRequest> Identity => Requests.Where(r => r.Path.StartsWith("/identity/", StringComparison.Ordinal));

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A documented response-level error: HTTP 200, success false.</summary>
    public static string Error(string code, string message) =>
        $$"""{"requestId":"e42b#14272d07d78","success":false,"errors":[{"code":"{{code}}","message":"{{message}}"}]}""";

    public void On(string path, Func<RecordedRequest, HttpResponseMessage> respond) => _standing[path] = respond;

    public void OnJson(string path, string body) => On(path, _ => Json(body));

    public void Enqueue(string path, Func<RecordedRequest, HttpResponseMessage> respond)
    {
        if (!_queued.TryGetValue(path, out var queue))
        {
            _queued[path] = queue = new Queue<Func<RecordedRequest, HttpResponseMessage>>();
        }

        queue.Enqueue(respond);
    }

    public void EnqueueJson(string path, params string[] bodies)
    {
        foreach (var body in bodies)
        {
            Enqueue(path, _ => Json(body));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType,
            body,
            Time?.GetUtcNow() ?? default);
        Func<RecordedRequest, HttpResponseMessage>? respond;
        lock (_gate)
        {
            Requests.Add(recorded);
            if (!_queued.TryGetValue(recorded.Path, out var queue) || !queue.TryDequeue(out respond))
            {
                _standing.TryGetValue(recorded.Path, out respond);
            }
        }

        return respond?.Invoke(recorded) ?? new HttpResponseMessage(HttpStatusCode.NotFound);
    }
}

/// <summary>What the connector sent.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string? Body, DateTimeOffset At)
{
    public string Path => Uri.AbsolutePath;

    /// <summary>Decoded query parameter (first occurrence).</summary>
    public string? Query(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Uri.Query).TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>Decoded form field of a <c>POST …?_method=GET</c> body (first occurrence).</summary>
    public string? Form(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + Body).TryGetValue(name, out var values) ? values.ToString() : null;
}
