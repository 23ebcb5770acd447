using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Gives a field map its column's metadata (DESIGN B14): the engine's <see cref="ColumnType"/>, with the
/// choice labels of one language, and the kind the metadata says when the mapping does not name one.</summary>
internal static class ColumnTypes
{
    /// <summary>The language of labels when none is configured: English (1033).</summary>
    public const int DefaultLanguage = 1033;

    /// <summary><paramref name="map"/> with <see cref="FieldMap.Column"/> from <paramref name="column"/>.</summary>
    public static FieldMap Apply(FieldMap map, ColumnAccess column, int languageCode)
    {
        var type = TypeOf(column, languageCode);
        return map with { Column = type, Kind = map.KindFromMetadata ? type.KindOf(map.Kind) : map.Kind };
    }

    /// <summary>A one-way kind's <paramref name="field"/> with <see cref="ObjectField.Column"/> from <paramref name="column"/>.</summary>
    public static ObjectField Apply(ObjectField field, ColumnAccess column, int languageCode)
    {
        var type = TypeOf(column, languageCode);
        return field with { Column = type, Kind = field.KindFromMetadata ? type.KindOf(field.Kind) : field.Kind };
    }

    /// <summary>Whether the sync user may do what <paramref name="map"/>'s direction needs: read a column that flows
    /// to Marketo, update one that flows to Dynamics.</summary>
    public static bool CanSync(FieldMap map, ColumnAccess column) =>
        column.Allows(map.FlowsToMarketo, map.FlowsToDynamics);

    private static ColumnType TypeOf(ColumnAccess column, int languageCode) => new(
        column.AttributeType ?? "String",
        column.MaxLength,
        column.Options?.Select(o => new OptionLabel(o.Value, o.Labels.GetValueOrDefault(languageCode))).ToList(),
        column.DateOnly);
}
