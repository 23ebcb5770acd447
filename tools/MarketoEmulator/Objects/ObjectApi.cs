using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Objects;

/// <summary>
/// What every lead-database object API (Companies, Opportunities, Opportunity Roles) checks and answers the same way:
/// the Sync and Delete request checks, Describe's field list, Get by filter's checks and page, a record's non-key values,
/// and the per-record result (<c>seq</c>, id, <c>status</c>, <c>reasons</c>). The objects differ only in their id field
/// and key, which their endpoints keep.
/// </summary>
internal static class ObjectApi
{
    private static readonly string[] Actions = ["createOnly", "updateOnly", "createOrUpdate"];
    private static readonly string[] DedupeModes = ["dedupeFields", "idField"];

    /// <summary>The checks of a Sync (<paramref name="modeName"/> <c>dedupeBy</c>) or Delete (<c>deleteBy</c>) body.</summary>
    public static MarketoReason? CheckWrite(JsonElement body, string action, string mode, string modeName, int maxBatchSize)
    {
        var hasInput = body.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0;
        return !Actions.Contains(action) ? MarketoErrors.InvalidData($"action must be one of {string.Join(", ", Actions)}")
            : !DedupeModes.Contains(mode) ? MarketoErrors.InvalidData($"{modeName} must be one of {string.Join(", ", DedupeModes)}")
            : mode == "idField" && action == "createOnly" ? MarketoErrors.InvalidData("dedupeBy idField cannot be used with action createOnly")
            : !hasInput ? MarketoErrors.CannotBeBlank("input")
            : input.GetArrayLength() > maxBatchSize ? MarketoErrors.InvalidData($"input accepts at most {maxBatchSize} records")
            : null;
    }

    /// <summary>Describe's <c>fields</c>: name, display name, data type, length when it has one, updateable.</summary>
    public static JsonArray DescribeFields(IEnumerable<MarketoFieldDefinition> fields)
    {
        var described = new JsonArray();
        foreach (var f in fields)
        {
            var item = new JsonObject { ["name"] = f.Name, ["displayName"] = f.DisplayName, ["dataType"] = f.DataType };
            if (f.Length is { } length)
            {
                item["length"] = length;
            }

            item["updateable"] = !f.ReadOnly;
            described.Add(item);
        }

        return described;
    }

    /// <summary>Get by filter's checks, in Marketo's order; null when the query may run.</summary>
    public static MarketoReason? CheckQuery(
        string? filterType, IReadOnlyList<string> values, bool searchable, string? unknownField, long? offset, MarketoReason? batchError, int maxBatchSize) =>
        string.IsNullOrEmpty(filterType) ? MarketoErrors.CannotBeBlank("filterType")
        : values.Count == 0 ? MarketoErrors.CannotBeBlank("filterValues")
        : values.Count > maxBatchSize ? MarketoErrors.InvalidData($"filterValues accepts at most {maxBatchSize} values")
        : !searchable ? MarketoErrors.FieldNotSupported(filterType)
        : unknownField is not null ? MarketoErrors.FieldNotFound(unknownField)
        : offset is null ? MarketoErrors.InvalidData("invalid nextPageToken")
        : batchError;

    /// <summary>Get by filter's result: one item per record of <paramref name="page"/>, numbered from <paramref name="start"/>, with the <paramref name="returned"/> fields that have a value.</summary>
    public static JsonArray Page<T>(IReadOnlyList<T> page, int start, IReadOnlyList<string> returned, Func<T, string, object?> valueOf)
    {
        var result = new JsonArray();
        for (var i = 0; i < page.Count; i++)
        {
            var item = new JsonObject { ["seq"] = start + i };
            foreach (var name in returned)
            {
                if (valueOf(page[i], name) is { } value)
                {
                    item[name] = Json.ToNode(value);
                }
            }

            result.Add(item);
        }

        return result;
    }

    /// <summary>
    /// Adds the record's values other than its key (<paramref name="isKey"/>) to <paramref name="values"/>, converted by
    /// their field; the first unknown, read-only or invalid field ends it with its reason.
    /// </summary>
    public static MarketoReason? ReadValues(
        JsonElement record, Func<string, bool> isKey, Func<string, MarketoFieldDefinition?> find, List<(string, object?)> values)
    {
        foreach (var property in record.EnumerateObject())
        {
            if (isKey(property.Name))
            {
                continue;
            }

            if (find(property.Name) is not { } field)
            {
                return MarketoErrors.FieldNotFound(property.Name);
            }

            if (field.ReadOnly)
            {
                return MarketoErrors.InvalidData($"field '{field.Name}' is read-only");
            }

            if (FieldValues.TryConvert(field, property.Value, out var converted) is { } invalid)
            {
                return invalid;
            }

            values.Add((field.Name, converted));
        }

        return null;
    }

    /// <summary>One record's result: <c>seq</c>, its id (<paramref name="idField"/>) when it has one, <c>status</c> and the reason.</summary>
    public static JsonObject Item(int seq, string idField, JsonNode? id, string status, MarketoReason? reason)
    {
        var item = new JsonObject { ["seq"] = seq };
        if (id is not null)
        {
            item[idField] = id;
        }

        item["status"] = status;
        if (reason is { } r)
        {
            item["reasons"] = new JsonArray(Envelope.Reason(r));
        }

        return item;
    }

    /// <summary>A string property of the body, or null.</summary>
    public static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
