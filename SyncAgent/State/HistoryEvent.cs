using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>
/// One stored event of a person's history (DESIGN B19) beside the link events: a write, a collision or a retry.
/// Values are kept only when <see cref="HasValues"/> (<c>CrmSync:History:Values</c>).
/// </summary>
internal sealed record HistoryEvent
{
    /// <summary>The person.</summary>
    public required long MarketoId { get; init; }

    /// <summary>The Dynamics record, if known.</summary>
    public RecordKey? Record { get; init; }

    /// <summary><see cref="HistoryKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The Marketo field name, if the event is about one field.</summary>
    public string? Field { get; init; }

    /// <summary>The direction of a write (or of the collision's winning copy).</summary>
    public SyncDirection? Direction { get; init; }

    /// <summary>The value before (a write: the last agreed value; a collision: the Dynamics value).</summary>
    public string? Old { get; init; }

    /// <summary>The value after (a write: the value written; a collision: the Marketo value).</summary>
    public string? New { get; init; }

    /// <summary>Whether <see cref="Old"/> and <see cref="New"/> were kept (false: values left out by configuration).</summary>
    public bool HasValues { get; init; }

    /// <summary>The cycle (or resync) that made it.</summary>
    public long? CycleId { get; init; }

    /// <summary>A short text: the resolution and rule of a collision, the rejection retried, the path (cycle, resync).</summary>
    public string? Detail { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset OccurredOn { get; init; }
}

/// <summary>The kinds of <see cref="HistoryEvent"/>.</summary>
internal static class HistoryKinds
{
    public const string Write = "write";
    public const string Collision = "collision";
    public const string Retry = "retry";
}
