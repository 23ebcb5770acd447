namespace CrmSync.DataverseEmulator.Storage;

/// <summary>
/// The rows of one table: a dictionary by id plus an ordered id set, so default-ordered paging can
/// resume after the last id without rescanning, and an optional secondary index (emailaddress1).
/// </summary>
internal sealed class TableData
{
    private readonly Dictionary<Guid, Row> _rows = [];
    private readonly SortedSet<Guid> _order = [];
    private readonly Dictionary<string, Guid[]>? _index;

    public TableData(int? indexedOrdinal)
    {
        IndexedOrdinal = indexedOrdinal;
        if (indexedOrdinal is not null)
        {
            _index = new Dictionary<string, Guid[]>(StringComparer.OrdinalIgnoreCase);
        }
    }

    public int? IndexedOrdinal { get; }

    public int Count => _rows.Count;

    public Row? Find(Guid id) => _rows.GetValueOrDefault(id);

    /// <summary>Rows in id order, starting after <paramref name="after"/> when given.</summary>
    public IEnumerable<Row> Scan(Guid? after = null)
    {
        var ids = after is { } last ? _order.GetViewBetween(last, MaxGuid) : _order;
        foreach (var id in ids)
        {
            if (id != after)
            {
                yield return _rows[id];
            }
        }
    }

    /// <summary>Ids whose indexed column equals <paramref name="value"/> (case-insensitive), or null without index.</summary>
    public IReadOnlyCollection<Guid>? Lookup(int ordinal, string value) =>
        _index is not null && ordinal == IndexedOrdinal ? _index.GetValueOrDefault(value) ?? [] : null;

    /// <summary>Puts a row (insert or replace) or removes it (null); returns the previous row.</summary>
    public Row? Put(Guid id, Row? row)
    {
        var previous = _rows.GetValueOrDefault(id);
        Unindex(previous);
        if (row is null)
        {
            _rows.Remove(id);
            _order.Remove(id);
        }
        else
        {
            _rows[id] = row;
            _order.Add(id);
            Index(row);
        }

        return previous;
    }

    private static readonly Guid MaxGuid = new("ffffffff-ffff-ffff-ffff-ffffffffffff");

    // Index entries are small arrays: almost every value (an email address) belongs to one record.
    private void Index(Row row)
    {
        if (_index is not null && row.Get(IndexedOrdinal!.Value) is string key)
        {
            _index[key] = _index.TryGetValue(key, out var ids) ? [.. ids, row.Id] : [row.Id];
        }
    }

    private void Unindex(Row? row)
    {
        if (_index is not null && row?.Get(IndexedOrdinal!.Value) is string key && _index.TryGetValue(key, out var ids))
        {
            var rest = Array.FindAll(ids, id => id != row.Id);
            if (rest.Length == 0)
            {
                _index.Remove(key);
            }
            else
            {
                _index[key] = rest;
            }
        }
    }
}
