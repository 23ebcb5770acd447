using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Setup;

/// <summary>Which Dynamics attribute types and Marketo data types a mapped field's kind can carry.</summary>
internal static class TypeCompatibility
{
    /// <summary>Dynamics <c>AttributeType</c> values (AttributeTypeCode names) accepted for <paramref name="kind"/>.</summary>
    public static IReadOnlyList<string> Dynamics(FieldKind kind) => kind switch
    {
        FieldKind.Text or FieldKind.Email => ["String", "Memo"],
        FieldKind.Number => ["Integer", "BigInt", "Decimal", "Double"],
        FieldKind.Money => ["Money", "Decimal"],
        FieldKind.OptionSet => ["Picklist", "State", "Status"],
        FieldKind.Boolean => ["Boolean"],
        FieldKind.Date or FieldKind.DateTime => ["DateTime"],
        FieldKind.MultiOptionSet => ["MultiSelectPicklist", "Virtual"],
        FieldKind.Lookup => ["Lookup", "Owner", "Customer"],
        _ => [],
    };

    /// <summary>Marketo describe data types accepted for <paramref name="kind"/>: choices travel as labels (text),
    /// lookups as a readable value.</summary>
    public static IReadOnlyList<string> Marketo(FieldKind kind) => kind switch
    {
        FieldKind.Text => ["string", "text", "email", "phone", "url", "textarea"],
        FieldKind.Email => ["email", "string"],
        FieldKind.Number => ["integer", "float", "score", "percent", "currency", "string"],
        FieldKind.OptionSet or FieldKind.MultiOptionSet => ["string", "text"],
        FieldKind.Lookup => ["string", "email", "text"],
        FieldKind.Money => ["currency", "float", "integer"],
        FieldKind.Boolean => ["boolean"],
        FieldKind.Date => ["date", "datetime"],
        FieldKind.DateTime => ["datetime"],
        _ => [],
    };

    /// <summary>Whether a field of <paramref name="kind"/> can carry values between a Dynamics column of
    /// <paramref name="attributeType"/> and a Marketo field of <paramref name="marketoDataType"/>.</summary>
    public static bool Fits(FieldKind kind, string? attributeType, string? marketoDataType) =>
        Accepts(Dynamics(kind), attributeType) && Accepts(Marketo(kind), marketoDataType);

    public static bool Accepts(IReadOnlyList<string> types, string? type) =>
        type is not null && types.Contains(type, StringComparer.OrdinalIgnoreCase);
}
