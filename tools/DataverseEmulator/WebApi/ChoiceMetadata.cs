using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Metadata;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// The choice-related attribute metadata in Dataverse's shapes: the derived type of a Picklist, State, Status, Boolean
/// or DateTime column, its <c>OptionSet</c> (and <c>GlobalOptionSet</c> for a column bound to a global choice) as
/// <c>OptionSetMetadata</c> with <c>Options[].Value</c> and <c>Options[].Label.LocalizedLabels[]</c>, and a date
/// column's <c>DateTimeBehavior</c>.
/// </summary>
internal static class ChoiceMetadata
{
    /// <summary>A navigation property value, written only when <c>$expand</c> names it (null writes <c>null</c>).</summary>
    public sealed record Navigation(JsonNode? Value);

    /// <summary>The derived metadata type of a choice, Yes/No or date column; null for others.</summary>
    public static string? DerivedType(ColumnDefinition column) => column.Kind switch
    {
        AttributeKind.Picklist => "PicklistAttributeMetadata",
        AttributeKind.MultiSelectPicklist => "MultiSelectPicklistAttributeMetadata",
        AttributeKind.State => "StateAttributeMetadata",
        AttributeKind.Status => "StatusAttributeMetadata",
        AttributeKind.Boolean => "BooleanAttributeMetadata",
        AttributeKind.DateTime => "DateTimeAttributeMetadata",
        _ => null,
    };

    /// <summary>Adds the type-specific properties and navigation values of <paramref name="column"/> to <paramref name="item"/>.</summary>
    public static void AddProperties(TableDefinition table, ColumnDefinition column, Dictionary<string, object?> item)
    {
        if (column.Kind == AttributeKind.DateTime)
        {
            item["DateTimeBehavior"] = new JsonObject { ["Value"] = column.DateOnly ? "DateOnly" : "UserLocal" };
            item["Format"] = column.DateOnly ? "DateOnly" : "DateAndTime";
            return;
        }

        if (column.Kind == AttributeKind.Boolean)
        {
            var booleanSet = new JsonObject
            {
                ["MetadataId"] = StableId.For("optionset", table.LogicalName, column.LogicalName).ToString(),
                ["Name"] = $"{table.LogicalName}_{column.LogicalName}",
                ["IsGlobal"] = false,
                ["OptionSetType"] = "Boolean",
                ["TrueOption"] = column.Options.Count > 1 ? Option(column.Options[1]) : null,
                ["FalseOption"] = column.Options.Count > 0 ? Option(column.Options[0]) : null,
            };
            item["OptionSet"] = new Navigation(booleanSet);
            item["GlobalOptionSet"] = new Navigation(null);
            return;
        }

        if (!column.IsOptionSet && !column.IsMultiSelect)
        {
            return;
        }

        var name = column.GlobalOptionSetName ?? $"{table.LogicalName}_{column.LogicalName}";
        var set = new JsonObject
        {
            ["MetadataId"] = StableId.For("optionset", name).ToString(),
            ["Name"] = name,
            ["IsGlobal"] = column.GlobalOptionSetName is not null,
            ["OptionSetType"] = column.Kind is AttributeKind.Picklist or AttributeKind.MultiSelectPicklist ? "Picklist" : column.Kind.ToString(),
            ["Options"] = new JsonArray([.. column.Options.Select(o => (JsonNode)Option(o))]),
        };
        item["DefaultFormValue"] = -1;
        item["OptionSet"] = new Navigation(set);
        item["GlobalOptionSet"] = new Navigation(column.GlobalOptionSetName is null ? null : set.DeepClone());
    }

    private static JsonObject Option(OptionDefinition option)
    {
        var labels = option.Labels.Select(l => (JsonNode)new JsonObject { ["Label"] = l.Value, ["LanguageCode"] = l.Key }).ToArray();
        return new JsonObject
        {
            ["Value"] = option.Value,
            ["Label"] = new JsonObject
            {
                ["LocalizedLabels"] = new JsonArray(labels),
                ["UserLocalizedLabel"] = labels.Length > 0 ? labels[0].DeepClone() : null,
            },
        };
    }
}
