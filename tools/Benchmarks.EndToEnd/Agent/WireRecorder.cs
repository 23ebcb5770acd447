using System.Collections.Concurrent;

namespace CrmSync.Benchmarks.EndToEnd.Agent;

/// <summary>
/// Keeps a copy of every request and response body the agent's HTTP clients send and receive while
/// <see cref="Enabled"/>, for the same-run CPU reference (<see cref="Scenarios.JsonReference"/>). The copy costs the
/// agent a memcpy per body, which the measured cycle's CPU time includes (the ratio errs against the agent).
/// </summary>
internal sealed class WireRecorder
{
    public ConcurrentQueue<byte[]> Bodies { get; } = new();

    public bool Enabled { get; set; }

    public long Bytes => Bodies.Sum(b => (long)b.Length);

    public void Clear() => Bodies.Clear();

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(WireRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (recorder.Enabled && request.Content is { } content)
            {
                await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                recorder.Bodies.Enqueue(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (recorder.Enabled)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                recorder.Bodies.Enqueue(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            }

            return response;
        }
    }
}
