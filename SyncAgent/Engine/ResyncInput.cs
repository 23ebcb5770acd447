namespace CrmSync.SyncAgent.Engine;

/// <summary>The input of <see cref="ResyncPlanner"/>: linked persons with what both sides hold now.</summary>
internal sealed class ResyncInput
{
    /// <summary>The linked persons to repair.</summary>
    public IReadOnlyList<Link> Links { get; init; } = [];

    /// <summary>The Dynamics records' current values by attribute logical name; a record missing here was not found.</summary>
    public IReadOnlyDictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>> Crm { get; init; } =
        new Dictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>>();

    /// <summary>The Marketo persons' current values (as Marketo holds them) by field; a person missing here was not found.</summary>
    public IReadOnlyDictionary<long, IReadOnlyDictionary<string, FieldValue>> Marketo { get; init; } =
        new Dictionary<long, IReadOnlyDictionary<string, FieldValue>>();

    /// <summary>The Marketo names of the fields to repair; empty for every mapped field.</summary>
    public IReadOnlySet<string> Fields { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The side to copy from.</summary>
    public ResyncSource From { get; init; }

    /// <summary>Open rejected values: their fields are left alone (<c>rejections retry</c> sends a refused value again).</summary>
    public IEnumerable<RejectedWrite> Rejections { get; init; } = [];

    /// <summary>The field mapping.</summary>
    public FieldMapping Mapping { get; init; } = DefaultFieldMapping.Mapping;

    /// <summary>
    /// Whether a blank source value may blank a non-blank target (<c>--allow-blanking</c>). Off by default: a repair
    /// never erases a value unless the operator asks.
    /// </summary>
    public bool AllowBlanking { get; init; }

    /// <summary>When the values were read (the change time the planner sees).</summary>
    public DateTimeOffset ReadOn { get; init; }
}
