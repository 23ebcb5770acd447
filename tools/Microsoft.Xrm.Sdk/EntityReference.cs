using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>A lookup: the logical name and id of another record.</summary>
public sealed class EntityReference : IEquatable<EntityReference>
{
    /// <summary>Creates an empty reference.</summary>
    public EntityReference()
    {
    }

    /// <summary>Creates a reference to a record.</summary>
    public EntityReference(string logicalName, Guid id)
    {
        LogicalName = logicalName;
        Id = id;
    }

    /// <summary>The referenced table's logical name.</summary>
    public string LogicalName { get; set; } = string.Empty;

    /// <summary>The referenced record's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The primary name of the referenced record, when known.</summary>
    public string? Name { get; set; }

    /// <inheritdoc />
    public bool Equals(EntityReference? other) =>
        other is not null && Id == other.Id && string.Equals(LogicalName, other.LogicalName, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EntityReference);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();
}
