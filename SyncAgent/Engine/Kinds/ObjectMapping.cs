namespace CrmSync.SyncAgent.Engine;

/// <summary>The fields of one enabled one-way kind (its configured fields, or its defaults).</summary>
/// <param name="Kind">The one-way kind.</param>
/// <param name="Fields">Its fields, each Dynamics column once.</param>
internal sealed record ObjectMapping(EntityKind Kind, IReadOnlyList<ObjectField> Fields)
{
    /// <summary>The role's name for the person of the record's contact (<see cref="EntityKind.RoleObject"/>); null when the kind has no roles.</summary>
    public string? RoleName { get; init; }

    /// <summary>The Dynamics columns to read and to stage (plug-in step attributes): the mapped ones, then the kind's role columns, each once.</summary>
    public IReadOnlyList<string> DynamicsColumns =>
        [.. Fields.Select(f => f.Dynamics).Concat(Kind.RoleColumns).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The (first) field of Dynamics column <paramref name="column"/>, or null when it is not mapped.</summary>
    public ObjectField? ByDynamics(string column) =>
        Fields.FirstOrDefault(f => string.Equals(f.Dynamics, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="column"/> is one of the kind's role columns (a lookup naming the role's contact).</summary>
    public bool IsRoleColumn(string column) => Kind.RoleColumns.Contains(column, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The one-way kinds enabled in configuration, each with its fields; empty when none is enabled.</summary>
/// <param name="Mappings">One per enabled kind, in <see cref="EntityKinds.OneWay"/> order.</param>
internal sealed record ObjectMappings(IReadOnlyList<ObjectMapping> Mappings)
{
    /// <summary>No one-way kind enabled: CrmSync syncs persons only.</summary>
    public static ObjectMappings None { get; } = new([]);

    /// <summary>The mapping of the kind whose table is <paramref name="table"/>, or null when that kind is not enabled.</summary>
    public ObjectMapping? For(string? table) => Mappings.FirstOrDefault(m => m.Kind.Covers(table));

    /// <summary>The mapping of <paramref name="kind"/>, or null when it is not enabled.</summary>
    public ObjectMapping? For(EntityKind kind) => Mappings.FirstOrDefault(m => m.Kind == kind);
}
