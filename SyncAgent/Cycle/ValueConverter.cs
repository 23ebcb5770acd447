using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// Moves values between the wire forms of the two connectors and the engine's canonical
/// <see cref="FieldValue"/>. The field's <see cref="FieldKind"/> decides the shape on each side.
/// </summary>
internal static class ValueConverter
{
    /// <summary>A staged or Web API value as the engine compares it.</summary>
    public static FieldValue FromDataverse(ChangeValue? value, FieldKind kind) =>
        value is null || value.Kind == ChangeValueKind.Null ? FieldValue.Null : FieldValue.FromString(value.ToString(), kind);

    /// <summary>A Marketo JSON value as the engine compares it.</summary>
    /// <remarks>Marketo holds a choice as its label and a lookup as a readable value: those stay text here, and the
    /// engine translates them with the column's metadata (<see cref="FieldTypes.FromMarketo"/>).</remarks>
    public static FieldValue FromMarketo(JsonElement value, FieldKind kind) => FromMarketoText(MarketoValues.ToText(value), kind);

    /// <summary>A Marketo value read as text (<see cref="FromMarketo"/>'s rule: choices and lookups stay text).</summary>
    public static FieldValue FromMarketoText(string? text, FieldKind kind) =>
        FieldValue.FromString(text, kind is FieldKind.OptionSet or FieldKind.MultiOptionSet or FieldKind.Lookup ? FieldKind.Text : kind);

    /// <summary>
    /// The Web API value to write for <paramref name="value"/>. Text that does not parse as the column's kind is
    /// sent as text, so Dynamics rejects that one record with its own message instead of the agent guessing.
    /// </summary>
    public static ChangeValue ToDataverse(FieldValue value, FieldKind kind)
    {
        if (value.IsNull)
        {
            return ChangeValue.Null;
        }

        var text = value.Text!;
        return kind switch
        {
            FieldKind.Number when value.TryGetDecimal(out var number) => ChangeValue.FromNumber(number),
            FieldKind.Money when value.TryGetDecimal(out var money) => ChangeValue.FromMoney(money),
            FieldKind.OptionSet when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var option) =>
                ChangeValue.FromOptionSet(option),
            FieldKind.Boolean when bool.TryParse(text, out var flag) => ChangeValue.FromBoolean(flag),
            _ => ChangeValue.FromString(text),
        };
    }

    /// <summary>
    /// The Web API body that writes <paramref name="fields"/> to Dynamics, each value as <see cref="ToDataverse"/> gives
    /// it; a null value clears its column, so a caller that must not clear leaves null values out.
    /// </summary>
    public static JsonObject ToDataverseBody(Uri serviceRoot, IEnumerable<PlannedField> fields) =>
        ODataValues.ToBody(serviceRoot, fields.Select(f => KeyValuePair.Create(f.Map.Dynamics, ToDataverse(f.Value, f.Map.Kind))));

    /// <summary>The Marketo JSON value to write for <paramref name="value"/>.</summary>
    public static JsonElement ToMarketo(FieldValue value, FieldKind kind) => MarketoValues.FromText(value.Text, MarketoDataType(kind));

    private static string MarketoDataType(FieldKind kind) => kind switch
    {
        FieldKind.Number => "float",
        FieldKind.Money => "currency",
        FieldKind.Boolean => "boolean",
        FieldKind.Date => "date",
        FieldKind.DateTime => "datetime",
        _ => "string",
    };
}
