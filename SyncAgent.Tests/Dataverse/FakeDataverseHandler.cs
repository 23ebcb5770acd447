using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>A request as the fake handler saw it (body captured at send time).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string PathAndQuery => Uri.GetComponents(UriComponents.PathAndQuery, UriFormat.Unescaped);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Replays responses in order (or from a responder) and records every request.</summary>
public sealed class FakeDataverseHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _responses = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _received = new(0);

    public Func<RecordedRequest, HttpResponseMessage>? Responder { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public FakeDataverseHandler Enqueue(Func<RecordedRequest, HttpResponseMessage> response)
    {
        _responses.Enqueue((request, _) => Task.FromResult(response(request)));
        return this;
    }

    /// <summary>A response that never comes: the request waits until it is cancelled (an attempt timeout).</summary>
    public FakeDataverseHandler EnqueueHang()
    {
        _responses.Enqueue(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    public FakeDataverseHandler EnqueueJson(string json, HttpStatusCode status = HttpStatusCode.OK) => Enqueue(_ => Json(json, status));

    public FakeDataverseHandler EnqueueException(Exception exception) => Enqueue(_ => throw exception);

    /// <summary>Completes when the handler has received <paramref name="count"/> requests in total.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_requests.Count < count)
        {
            await _received.WaitAsync(timeout.Token);
        }
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body);
        _requests.Enqueue(recorded);
        _received.Release();
        if (_responses.TryDequeue(out var next))
        {
            return await next(recorded, cancellationToken);
        }

        return Responder?.Invoke(recorded) ?? throw new InvalidOperationException($"Unexpected request {request.Method} {request.RequestUri}");
    }
}
