using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Dataverse.Staging;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>
/// Converts between the staged value model (<see cref="ChangeValue"/>) and Web API JSON, so values read from records,
/// values read from staging rows and values written back compare and travel the same way.
/// </summary>
internal static class ODataValues
{
    // Lookups that can point at several tables take the target table in their navigation property name.
    private static readonly HashSet<string> PolymorphicLookups = new(StringComparer.Ordinal) { "parentcustomerid", "customerid" };

    private static readonly Dictionary<string, string> KnownEntitySets = new(StringComparer.Ordinal)
    {
        ["account"] = "accounts",
        ["systemuser"] = "systemusers",
        ["team"] = "teams",
        ["transactioncurrency"] = "transactioncurrencies",
    };

    /// <summary>
    /// The value of an <c>@odata.bind</c>: the record's absolute URI, <c>{serviceRoot}set(id)</c>. Absolute URIs are
    /// valid OData and what the earlier Web API docs show (<c>[Organization URI]/api/data/v8.2/accounts(id)</c>); they
    /// resolve the same inside and outside a <c>$batch</c> changeset.
    /// </summary>
    public static string BindUri(Uri serviceRoot, string entity, Guid id) =>
        new Uri(serviceRoot, $"{EntitySet(entity)}({id:D})").AbsoluteUri;

    /// <summary>
    /// A PATCH body for <paramref name="values"/>: strings, numbers and booleans as themselves, a choice as its
    /// integer, a currency as its amount, null to clear, and a lookup as <c>nav@odata.bind</c> with the target's
    /// absolute URI (see <see cref="BindUri"/>).
    /// </summary>
    public static JsonObject ToBody(Uri serviceRoot, IEnumerable<KeyValuePair<string, ChangeValue>> values)
    {
        var body = new JsonObject();
        foreach (var (attribute, value) in values)
        {
            ODataFilter.CheckName(attribute);
            switch (value.Kind)
            {
                case ChangeValueKind.Reference:
                    var (entity, id) = value.Reference!.Value;
                    var navigation = PolymorphicLookups.Contains(attribute) ? attribute + "_" + entity : attribute;
                    body[navigation + "@odata.bind"] = BindUri(serviceRoot, entity, id);
                    break;
                default:
                    body[attribute] = ToNode(value);
                    break;
            }
        }

        return body;
    }

    /// <summary>
    /// Reads a Web API attribute value into the staged model. JSON cannot tell a choice or a currency from a number,
    /// so those come back as <see cref="ChangeValueKind.Number"/>; <see cref="ChangeValue.ToString"/> gives the same
    /// text for both, which is what comparisons use.
    /// </summary>
    public static ChangeValue? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => ChangeValue.Null,
        JsonValueKind.String => ChangeValue.FromString(element.GetString()!),
        JsonValueKind.True or JsonValueKind.False => ChangeValue.FromBoolean(element.GetBoolean()),
        JsonValueKind.Number when element.TryGetDecimal(out var number) => ChangeValue.FromNumber(number),
        _ => null,
    };

    private static JsonNode? ToNode(ChangeValue value) => value.Kind switch
    {
        ChangeValueKind.Null => null,
        ChangeValueKind.String => JsonValue.Create(value.String),
        ChangeValueKind.Number => JsonValue.Create(value.Number!.Value),
        ChangeValueKind.Boolean => JsonValue.Create(value.Boolean!.Value),
        ChangeValueKind.OptionSet => JsonValue.Create(value.OptionSet!.Value),
        ChangeValueKind.Money => JsonValue.Create(value.Money!.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unsupported value kind."),
    };

    private static string EntitySet(string entity) =>
        KnownEntitySets.TryGetValue(entity, out var set) ? set
            : Engine.EntityKinds.OneWayFor(entity) is { EntitySet: { } kindSet } ? kindSet
            : EntityNames.EntitySet(entity);
}
