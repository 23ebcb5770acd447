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

    /// <summary>An attribute in the staged value model (see <see cref="ODataValues.FromJson"/>); null when not selected.</summary>
    public Staging.ChangeValue? GetValue(string attribute) =>
        Attributes.TryGetValue(attribute, out var value) ? ODataValues.FromJson(value) : null;
}
