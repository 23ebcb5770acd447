using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>Web API JSON for a canonical <see cref="FieldValue"/> of a mapped field.</summary>
internal static class DynamicsValues
{
    /// <summary>
    /// Numbers and money as numbers, choices as integers, yes/no as booleans, dates and text as strings; a value that
    /// did not parse as its kind stays text, so Dynamics reports it for that record instead of it being dropped.
    /// </summary>
    public static JsonNode? ToJson(FieldValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        return value.Kind switch
        {
            FieldKind.Number or FieldKind.Money when value.TryGetDecimal(out var number) => JsonValue.Create(number),
            FieldKind.OptionSet when value.TryGetDecimal(out var option) && decimal.IsInteger(option) => JsonValue.Create((int)option),
            FieldKind.Boolean => JsonValue.Create(value.Text == "true"),
            _ => JsonValue.Create(value.Text),
        };
    }
}
