using System.Text;
using System.Text.Json;
using System.Xml;
using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Metadata;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// <c>EntityDefinitions</c> and their <c>Attributes</c> (by MetadataId or the LogicalName alternate key,
/// with derived-type casts and <c>$select</c>), and <c>$metadata</c>
/// (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
/// </summary>
internal sealed class MetadataHandlers
{
    private readonly EmulatorState _state;

    public MetadataHandlers(EmulatorState state) => _state = state;

    public ApiResponse Csdl()
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            if (!CsdlWriter.TryWriteCsdl(_state.Schema.Model, writer, CsdlTarget.OData, out var errors))
            {
                throw new ODataException(string.Join("; ", errors.Select(e => e.ErrorMessage)));
            }
        }

        return new ApiResponse { Status = 200, Body = buffer.ToArray(), ContentType = "application/xml" };
    }

    public ApiResponse Handle(IReadOnlyList<ODataPathSegment> path, ODataUriParser parser)
    {
        var select = parser.ParseSelectAndExpand();
        var filter = parser.ParseFilter()?.Expression;
        var tables = _state.Schema.Tables.OrderBy(t => t.LogicalName).ToList();
        var context = _state.ServiceRoot + "$metadata#EntityDefinitions";
        switch (path)
        {
            case [EntitySetSegment]:
                return Collection(context, tables.Select(EntityProperties), select, filter);
            case [EntitySetSegment, KeySegment key]:
                var entity = FindTable(tables, key);
                return Single(context + "/$entity", EntityProperties(entity), select, entity);
            case [EntitySetSegment, KeySegment key, NavigationPropertySegment, ..]:
                var table = FindTable(tables, key);
                var attributes = table.Columns.Select(c => AttributeProperties(table, c));
                var attributesContext = $"{context}({table.MetadataId})/Attributes";
                var next = 3;
                if (path.Count > next && path[next] is TypeSegment cast)
                {
                    var typeName = cast.EdmType.AsElementType().FullTypeName();
                    attributes = attributes.Where(a => Equals(a.GetValueOrDefault("@odata.type"), "#" + typeName));
                    attributesContext += "/" + typeName;
                    next++;
                }

                if (path.Count > next && path[next] is KeySegment attributeKey)
                {
                    var attribute = attributes.FirstOrDefault(a => KeyMatches(attributeKey, a))
                        ?? throw new WebApiException(404, ErrorCodes.ResourceNotFound, "Could not find attribute.");
                    return Single(attributesContext + "/$entity", attribute, select, null);
                }

                return Collection(attributesContext, attributes, select, filter);
            default:
                throw new WebApiException(501, ErrorCodes.InvalidArgument, "The emulator does not implement this metadata path.");
        }
    }

    private TableDefinition FindTable(List<TableDefinition> tables, KeySegment key) =>
        tables.FirstOrDefault(t => KeyMatches(key, EntityProperties(t)))
        ?? throw new WebApiException(404, ErrorCodes.ResourceNotFound, "Could not find an entity with the specified key.");

    private static bool KeyMatches(KeySegment key, Dictionary<string, object?> item) =>
        key.Keys.All(k => Equals(item.GetValueOrDefault(k.Key), k.Value));

    private static ApiResponse Collection(string context, IEnumerable<Dictionary<string, object?>> items, SelectExpandClause? select, SingleValueNode? filter) =>
        ApiResponse.Json(200, w =>
        {
            w.WriteString("@odata.context", context);
            w.WriteStartArray("value");
            foreach (var item in items.Where(i => filter is null || FilterEvaluator.Matches(filter, n => i.GetValueOrDefault(n))))
            {
                w.WriteStartObject();
                WriteItem(w, item, select);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

    private ApiResponse Single(string context, Dictionary<string, object?> item, SelectExpandClause? select, TableDefinition? expandable) =>
        ApiResponse.Json(200, w =>
        {
            w.WriteString("@odata.context", context);
            WriteItem(w, item, select);
            var expand = select?.SelectedItems.OfType<ExpandedNavigationSelectItem>().FirstOrDefault();
            if (expand is not null && expandable is not null)
            {
                w.WriteStartArray("Attributes");
                foreach (var attribute in expandable.Columns.Select(c => AttributeProperties(expandable, c)))
                {
                    w.WriteStartObject();
                    WriteItem(w, attribute, expand.SelectAndExpand);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
        });

    private static void WriteItem(Utf8JsonWriter w, Dictionary<string, object?> item, SelectExpandClause? select)
    {
        var names = select is null || select.AllSelected
            ? null
            : select.SelectedItems.OfType<PathSelectItem>().Select(p => p.SelectedPath.LastSegment.Identifier).ToHashSet(StringComparer.Ordinal);
        var expanded = select?.SelectedItems.OfType<ExpandedNavigationSelectItem>()
            .Select(e => e.PathToNavigationProperty.LastSegment.Identifier).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in item)
        {
            if (value is ChoiceMetadata.Navigation navigation)
            {
                // A navigation property (OptionSet, GlobalOptionSet) appears only when $expand names it.
                if (expanded?.Contains(name) == true)
                {
                    w.WritePropertyName(name);
                    if (navigation.Value is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        navigation.Value.WriteTo(w);
                    }
                }

                continue;
            }

            if (names is not null && !names.Contains(name) && name != "MetadataId" && !name.StartsWith('@'))
            {
                continue;
            }

            if (value is System.Text.Json.Nodes.JsonNode node)
            {
                w.WritePropertyName(name);
                node.WriteTo(w);
                continue;
            }

            w.WritePropertyName(name);
            if (value is IEnumerable<string> list)
            {
                JsonSerializer.Serialize(w, list);
            }
            else
            {
                Storage.ValueConverter.WriteJson(w, value);
            }
        }
    }

    private static Dictionary<string, object?> EntityProperties(TableDefinition t) => new(StringComparer.Ordinal)
    {
        ["MetadataId"] = t.MetadataId,
        ["LogicalName"] = t.LogicalName,
        ["SchemaName"] = t.LogicalName,
        ["EntitySetName"] = t.EntitySetName,
        ["PrimaryIdAttribute"] = t.PrimaryIdAttribute,
        ["PrimaryNameAttribute"] = t.PrimaryNameAttribute,
        ["IsActivity"] = t.IsActivity,
        ["IsCustomEntity"] = t.IsCustom,
    };

    private static Dictionary<string, object?> AttributeProperties(TableDefinition t, ColumnDefinition c)
    {
        var item = new Dictionary<string, object?>(StringComparer.Ordinal);
        var derived = c.Kind switch
        {
            AttributeKind.String => "StringAttributeMetadata",
            AttributeKind.Memo => "MemoAttributeMetadata",
            _ when c.IsReference => "LookupAttributeMetadata",
            _ => ChoiceMetadata.DerivedType(c),
        };
        if (derived is not null)
        {
            item["@odata.type"] = "#" + EdmModelFactory.Namespace + "." + derived;
        }

        item["MetadataId"] = c.MetadataId;
        item["LogicalName"] = c.LogicalName;
        item["SchemaName"] = c.LogicalName;
        item["EntityLogicalName"] = t.LogicalName;
        // A multi-select choice is a Virtual attribute whose AttributeTypeName says MultiSelectPicklistType.
        item["AttributeType"] = c.IsMultiSelect ? "Virtual" : c.Kind.ToString();
        item["AttributeTypeName"] = new System.Text.Json.Nodes.JsonObject { ["Value"] = c.IsMultiSelect ? "MultiSelectPicklistType" : c.Kind + "Type" };
        item["IsSecured"] = c.IsSecured;
        item["IsValidForCreate"] = c.IsValidForCreate;
        item["IsValidForUpdate"] = c.IsValidForUpdate;
        item["IsValidForRead"] = c.IsValidForRead;
        item["IsPrimaryId"] = c.IsPrimaryId;
        item["IsPrimaryName"] = c.IsPrimaryName || c.LogicalName == t.PrimaryNameAttribute;
        item["IsCustomAttribute"] = c.LogicalName.Contains('_', StringComparison.Ordinal) && !c.LogicalName.StartsWith("address1_", StringComparison.Ordinal);
        if (c.MaxLength is { } max)
        {
            item["MaxLength"] = max;
        }

        if (c.IsReference)
        {
            item["Targets"] = c.Targets.ToList();
        }

        ChoiceMetadata.AddProperties(t, c, item);
        return item;
    }
}
