using System.ComponentModel.DataAnnotations;

namespace CrmSync.DataverseEmulator.Admin;

/// <summary>Fault injection for reliability tests; rates are probabilities per request (0 = never).</summary>
public sealed record FaultSettings
{
    /// <summary>Probability of answering <see cref="ServerErrorStatus"/> instead of handling the request.</summary>
    [Range(0.0, 1.0)]
    public double ServerErrorRate { get; init; }

    /// <summary>Status for injected server errors (default 503).</summary>
    [Range(500, 599)]
    public int ServerErrorStatus { get; init; } = 503;

    /// <summary>Probability of answering 429 (service protection, request limit) with a <c>Retry-After</c> header.</summary>
    [Range(0.0, 1.0)]
    public double ThrottleRate { get; init; }

    /// <summary>The <c>Retry-After</c> of injected 429s, in whole seconds (default 1).</summary>
    [Range(1, 300)]
    public int ThrottleRetryAfterSeconds { get; init; } = 1;

    /// <summary>Probability of aborting the connection without a response.</summary>
    [Range(0.0, 1.0)]
    public double DropRate { get; init; }

    /// <summary>Probability of delaying the response by <see cref="Delay"/>.</summary>
    [Range(0.0, 1.0)]
    public double DelayRate { get; init; }

    /// <summary>The injected delay (awaited on the emulator's TimeProvider).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed of the random source, for reproducible runs; null for a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Awaited by every Web API request after it is admitted (counted as in flight), before it is handled.
    /// Tests use it to hold requests open deterministically.
    /// </summary>
    public Func<CancellationToken, Task>? RequestGate { get; init; }
}
