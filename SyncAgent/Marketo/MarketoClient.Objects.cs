using System.Text.Json;
using CrmSync.SyncAgent.Marketo.Wire;

namespace CrmSync.SyncAgent.Marketo;

/// <content>
/// The lead-database objects CrmSync writes one way (DESIGN B16): Companies
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/companies). Each has the
/// same calls under <c>/rest/v1/&lt;object&gt;</c>: Sync (<c>createOrUpdate</c>, <c>dedupeBy</c> <c>dedupeFields</c>),
/// Get by filter, Delete (<c>deleteBy</c> <c>dedupeFields</c>) and Describe, ≤ 300 records per call. Instances with
/// Marketo's native Dynamics or Salesforce sync disable them.
/// </content>
internal sealed partial class MarketoClient
{
    /// <summary>Sync <paramref name="objectName"/> (e.g. <c>companies</c>): create or update each record by its dedupe field; one result per record, in input order.</summary>
    public Task<IReadOnlyList<MarketoRecordResult>> SyncObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, CancellationToken cancellationToken) =>
        PostInBatchesAsync(
            "sync " + objectName,
            $"rest/v1/{objectName}.json",
            records,
            batch => new SyncObjectsRequest
            {
                Action = "createOrUpdate",
                DedupeBy = "dedupeFields",
                Input = batch.Select(r => new Dictionary<string, JsonElement>(r, StringComparer.Ordinal)).ToList(),
            },
            MarketoJsonContext.Default.SyncObjectsRequest,
            cancellationToken);

    /// <summary>Delete <paramref name="objectName"/> records by their dedupe field; one result per record (<c>deleted</c>, or skipped 1013 when none exists).</summary>
    public Task<IReadOnlyList<MarketoRecordResult>> DeleteObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> keys, CancellationToken cancellationToken) =>
        PostInBatchesAsync(
            "delete " + objectName,
            $"rest/v1/{objectName}/delete.json",
            keys,
            batch => new DeleteObjectsRequest
            {
                DeleteBy = "dedupeFields",
                Input = batch.Select(r => new Dictionary<string, JsonElement>(r, StringComparer.Ordinal)).ToList(),
            },
            MarketoJsonContext.Default.DeleteObjectsRequest,
            cancellationToken);

    /// <summary>Get <paramref name="objectName"/> records whose <paramref name="filterType"/> is one of <paramref name="values"/> (≤ 300 per call), with <paramref name="fields"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetObjectsByFilterAsync(
        string objectName, string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        var found = new List<JsonElement>();
        foreach (var chunk in values.Distinct(StringComparer.Ordinal).Chunk(_options.BatchSize))
        {
            var uri = $"rest/v1/{objectName}.json?filterType={Encode(filterType)}&filterValues={JoinEncoded(chunk)}"
                + (fields.Count > 0 ? "&fields=" + JoinEncoded(fields) : "");
            string? pageToken = null;
            do
            {
                var response = await _api.GetAsync("get " + objectName, pageToken is null ? uri : $"{uri}&nextPageToken={Encode(pageToken)}",
                    MarketoJsonContext.Default.MarketoResponseJsonElement, cancellationToken).ConfigureAwait(false);
                found.AddRange(response.Result ?? []);
                pageToken = response.MoreResult ? response.NextPageToken : null;
            }
            while (pageToken is not null);
        }

        return found;
    }

    /// <summary>Describe <paramref name="objectName"/>: its fields' names (empty when Marketo describes none).</summary>
    public async Task<IReadOnlyList<string>> DescribeObjectFieldsAsync(string objectName, CancellationToken cancellationToken) =>
        [.. (await DescribeObjectAsync(objectName, cancellationToken).ConfigureAwait(false)).Select(f => f.RestName!)];

    /// <summary>
    /// Describe <paramref name="objectName"/> (e.g. Describe Company): each field with its <c>dataType</c>, <c>length</c>
    /// and whether it is <c>updateable</c>; the field's <c>name</c> is its REST name (empty when Marketo describes none).
    /// </summary>
    public async Task<IReadOnlyList<MarketoField>> DescribeObjectAsync(string objectName, CancellationToken cancellationToken)
    {
        var response = await _api.GetAsync("describe " + objectName, $"rest/v1/{objectName}/describe.json",
            MarketoJsonContext.Default.MarketoResponseJsonElement, cancellationToken).ConfigureAwait(false);
        var described = new List<MarketoField>();
        foreach (var item in response.Result ?? [])
        {
            if (!item.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var field in fields.EnumerateArray())
            {
                if (Text(field, "name") is not { } name)
                {
                    continue;
                }

                int? length = field.TryGetProperty("length", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null;
                var updateable = !field.TryGetProperty("updateable", out var u) || u.ValueKind != JsonValueKind.False;
                described.Add(new MarketoField(0, Text(field, "displayName") ?? name, Text(field, "dataType") ?? "string", length, name, !updateable));
            }
        }

        return described;

        static string? Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
