using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>A write one side refused (DESIGN B7, B12).</summary>
internal sealed record Rejection
{
    /// <summary>The stored id (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>The side that refused the write.</summary>
    public required SyncDirection Direction { get; init; }

    /// <summary>The operation, e.g. <c>update</c> or <c>create</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The Dynamics record concerned, if known.</summary>
    public RecordKey? Record { get; init; }

    /// <summary>The Marketo person concerned, if known.</summary>
    public long? MarketoId { get; init; }

    /// <summary>The fields and values tried (Marketo field names).</summary>
    public IReadOnlyList<RejectedField> Fields { get; init; } = [];

    /// <summary>The side's error code (e.g. <c>0x80040265</c>, Marketo reason code).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The side's error message.</summary>
    public required string Message { get; init; }

    /// <summary>When the write was refused.</summary>
    public required DateTimeOffset OccurredOn { get; init; }

    /// <summary>Whether every field of it changed again since (or an operator resolved it).</summary>
    public bool Resolved { get; init; }

    /// <summary>The cycle that made the write, if any.</summary>
    public long? CycleId { get; init; }
}

/// <summary>One field value of a refused write.</summary>
/// <param name="Field">The Marketo REST field name.</param>
/// <param name="Value">The value tried.</param>
internal sealed record RejectedField(string Field, FieldValue Value);
