namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// What Dynamics metadata says about a mapped column, read once per cycle: its <c>AttributeType</c>, its maximum length
/// (text), its options with their labels (choices), and whether a date-time column is date-only.
/// </summary>
/// <param name="AttributeType">The metadata <c>AttributeType</c>, e.g. <c>String</c>, <c>Picklist</c>, <c>Status</c>, <c>Integer</c>.</param>
/// <param name="MaxLength">The maximum length of a text column.</param>
/// <param name="Options">The options of a choice column, null for other columns.</param>
/// <param name="DateOnly">Whether a date-time column's behaviour is date-only.</param>
internal sealed record ColumnType(string AttributeType, int? MaxLength = null, IReadOnlyList<OptionLabel>? Options = null, bool DateOnly = false)
{
    /// <summary>Whether the column holds whole numbers only.</summary>
    public bool IsWholeNumber => AttributeType is "Integer" or "BigInt";

    /// <summary>The <see cref="FieldKind"/> this column's values compare as, when the mapping does not name a type.</summary>
    public FieldKind KindOf(FieldKind configured) => AttributeType switch
    {
        "Picklist" or "State" or "Status" => FieldKind.OptionSet,
        "MultiSelectPicklist" => FieldKind.MultiOptionSet,
        "Boolean" => FieldKind.Boolean,
        "Integer" or "BigInt" or "Decimal" or "Double" => FieldKind.Number,
        "Money" => FieldKind.Money,
        "DateTime" => DateOnly ? FieldKind.Date : FieldKind.DateTime,
        "Lookup" or "Owner" or "Customer" => FieldKind.Lookup,
        _ => configured,
    };
}
