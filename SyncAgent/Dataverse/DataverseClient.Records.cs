using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CrmSync.SyncAgent.Dataverse;

/// <content>Reading leads and contacts.</content>
internal sealed partial class DataverseClient
{
    // Keeps each $filter well under URL length limits (a guid condition is ~50 characters).
    private const int IdsPerQuery = 50;

    /// <summary>Reads the records with the given ids (missing ones are simply absent), in chunks of 50 ids.</summary>
    public async IAsyncEnumerable<DataverseRecord> ReadByIdsAsync(string entity, IEnumerable<Guid> ids, IReadOnlyCollection<string> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var primaryId = EntityNames.PrimaryId(entity);
        foreach (var chunk in ids.Distinct().Chunk(IdsPerQuery))
        {
            var filter = ODataFilter.AnyEquals(primaryId, chunk);
            await foreach (var record in QueryAsync(entity, columns, filter, orderBy: null, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Streams every record of the table (first-run backfill), ordered by id, page by page: memory stays at one page
    /// whatever the table size. <paramref name="filter"/> is an optional, already escaped <c>$filter</c>.
    /// </summary>
    public IAsyncEnumerable<DataverseRecord> ReadAllAsync(string entity, IReadOnlyCollection<string> columns, string? filter, CancellationToken cancellationToken) =>
        QueryAsync(entity, columns, filter, EntityNames.PrimaryId(entity) + " asc", cancellationToken);

    private async IAsyncEnumerable<DataverseRecord> QueryAsync(string entity, IReadOnlyCollection<string> columns, string? filter, string? orderBy, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var primaryId = EntityNames.PrimaryId(entity);
        var select = columns.Contains(primaryId) ? columns : [primaryId, .. columns];
        var query = $"{EntityNames.EntitySet(entity)}?$select={string.Join(',', select.Select(ODataFilter.CheckName))}";
        if (filter is not null)
        {
            query += "&$filter=" + Uri.EscapeDataString(filter);
        }

        if (orderBy is not null)
        {
            query += "&$orderby=" + orderBy;
        }

        var lookups = select.Any(c => c.StartsWith('_') && c.EndsWith("_value", StringComparison.Ordinal));
        await foreach (var page in ReadPagesAsync(query, cancellationToken, lookups).ConfigureAwait(false))
        {
            foreach (var element in Rows(page))
            {
                if (ToRecord(entity, primaryId, element) is { } record)
                {
                    yield return record;
                }
            }
        }
    }

    private const string LookupLogicalName = "@Microsoft.Dynamics.CRM.lookuplogicalname";

    private static DataverseRecord? ToRecord(string entity, string primaryId, JsonElement element)
    {
        if (!element.TryGetProperty(primaryId, out var idElement) || !idElement.TryGetGuid(out var id))
        {
            return null;
        }

        string? etag = null;
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var lookupTables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "@odata.etag")
            {
                etag = property.Value.GetString();
            }
            else if (property.Name.EndsWith("_value" + LookupLogicalName, StringComparison.Ordinal) && property.Name.StartsWith('_')
                && property.Value.GetString() is { } table)
            {
                lookupTables[property.Name[1..^("_value" + LookupLogicalName).Length]] = table;
            }
            else if (!property.Name.Contains('@', StringComparison.Ordinal))
            {
                attributes[property.Name] = property.Value.Clone();
            }
        }

        return new DataverseRecord(entity, id, attributes, etag) { LookupTables = lookupTables };
    }
}
