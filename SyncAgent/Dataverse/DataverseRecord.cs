using System.Text.Json;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>A lead or contact as the Web API returned it: the selected attributes as JSON values.</summary>
/// <param name="Attributes">Attribute name → value (lookups appear as <c>_x_value</c>); owns cloned elements.</param>
/// <param name="ETag">The <c>@odata.etag</c> (row version).</param>
internal sealed record DataverseRecord(string Entity, Guid Id, IReadOnlyDictionary<string, JsonElement> Attributes, string? ETag)
{
    /// <summary>A string attribute, or null when it is missing, null or not a string.</summary>
    public string? GetString(string attribute) =>
        Attributes.TryGetValue(attribute, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// The table of each lookup read as <c>_x_value</c> (its <c>Microsoft.Dynamics.CRM.lookuplogicalname</c>
    /// annotation), by the lookup's logical name <c>x</c>; empty when none was read.
    /// </summary>
    public IReadOnlyDictionary<string, string> LookupTables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// An attribute in the staged value model (see <see cref="ODataValues.FromJson"/>); null when not selected. A lookup
    /// selected as <see cref="LookupColumn"/> is a reference to its table (a cleared one is null).
    /// </summary>
    public Staging.ChangeValue? GetValue(string attribute)
    {
        if (Attributes.TryGetValue(attribute, out var value))
        {
            return ODataValues.FromJson(value);
        }

        if (!Attributes.TryGetValue(LookupColumn(attribute), out var lookup))
        {
            return null;
        }

        return lookup.ValueKind == JsonValueKind.Null ? Staging.ChangeValue.Null
            : lookup.TryGetGuid(out var id) && LookupTables.TryGetValue(attribute, out var table) ? Staging.ChangeValue.FromReference(table, id)
            : null;
    }

    /// <summary>The Web API property of lookup <paramref name="attribute"/>'s value: <c>_x_value</c>.</summary>
    public static string LookupColumn(string attribute) => "_" + attribute + "_value";
}
