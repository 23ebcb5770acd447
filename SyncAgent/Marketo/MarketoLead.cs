using System.Text.Json;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>A person record as returned by Get Leads by Filter Type: its id and the requested fields, raw.</summary>
/// <param name="Id">Marketo lead id.</param>
/// <param name="Fields">Requested fields by REST name (absent = null, as the leads page documents).</param>
internal sealed record MarketoLead(long Id, IReadOnlyDictionary<string, JsonElement> Fields)
{
    /// <summary>The field's value as neutral text (see <see cref="MarketoValues.ToText"/>); null when absent.</summary>
    public string? GetText(string field) => Fields.TryGetValue(field, out var value) ? MarketoValues.ToText(value) : null;

    internal static MarketoLead FromJson(JsonElement record)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        long id = 0;
        foreach (var property in record.EnumerateObject())
        {
            if (property.NameEquals("id"))
            {
                id = property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetInt64() : long.Parse(property.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                fields[property.Name] = property.Value;
            }
        }

        return new MarketoLead(id, fields);
    }
}
