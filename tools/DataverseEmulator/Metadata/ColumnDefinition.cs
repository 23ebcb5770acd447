namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>One column of a table: its type and the flags Dataverse reports in attribute metadata.</summary>
internal sealed class ColumnDefinition
{
    public ColumnDefinition(string tableName, string logicalName, AttributeKind kind)
    {
        LogicalName = logicalName;
        Kind = kind;
        MetadataId = StableId.For("attribute", tableName, logicalName);
    }

    public string LogicalName { get; }

    public AttributeKind Kind { get; }

    public Guid MetadataId { get; }

    /// <summary>Position of the column in its table; values are stored by ordinal.</summary>
    public int Ordinal { get; set; }

    public int? MaxLength { get; init; }

    /// <summary>Target tables of a lookup, owner or customer column.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    public bool IsSecured { get; set; }

    /// <summary>The options of a choice column (Picklist, MultiSelectPicklist, State, Status; Boolean: false then true); empty when not modelled.</summary>
    public IReadOnlyList<OptionDefinition> Options { get; init; } = [];

    /// <summary>The global choice a Picklist column uses, or null for a local one.</summary>
    public string? GlobalOptionSetName { get; init; }

    /// <summary>Whether a DateTime column has the DateOnly behaviour (values are dates, written as yyyy-MM-dd).</summary>
    public bool DateOnly { get; init; }

    public bool IsValidForCreate { get; init; } = true;

    public bool IsValidForUpdate { get; init; } = true;

    public bool IsValidForRead { get; init; } = true;

    public bool IsPrimaryId { get; init; }

    public bool IsPrimaryName { get; init; }

    /// <summary>The row version column (<c>versionnumber</c>): read from the row, never stored or written.</summary>
    public bool IsRowVersion { get; init; }

    /// <summary>Whether values are references (and so appear as <c>_name_value</c> on the wire).</summary>
    public bool IsReference => Kind is AttributeKind.Lookup or AttributeKind.Owner or AttributeKind.Customer;

    /// <summary>Whether the column is a multi-select choice (values stored as the Web API's comma-separated string).</summary>
    public bool IsMultiSelect => Kind == AttributeKind.MultiSelectPicklist;

    /// <summary>Whether values are option set integers.</summary>
    public bool IsOptionSet => Kind is AttributeKind.Picklist or AttributeKind.State or AttributeKind.Status;

    /// <summary>The wire name: <c>_x_value</c> for references, the logical name otherwise.</summary>
    public string WireName => IsReference ? "_" + LogicalName + "_value" : LogicalName;
}
