using CrmSync.DataverseEmulator.Metadata;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>
/// One stored record, immutable: a write replaces the row, which makes rollback a matter of putting
/// the old reference back. Values are sparse (only set columns), sorted by column ordinal.
/// </summary>
internal sealed class Row
{
    private readonly int[] _ordinals;
    private readonly object[] _values;

    public Row(Guid id, long version, int[] ordinals, object[] values)
    {
        Id = id;
        Version = version;
        _ordinals = ordinals;
        _values = values;
    }

    public Guid Id { get; }

    /// <summary>Row version; the ETag is <c>W/"version"</c>.</summary>
    public long Version { get; }

    public string ETag => $"W/\"{Version}\"";

    /// <summary>The value of <paramref name="column"/>: the row version for <c>versionnumber</c>, the stored value otherwise.</summary>
    public object? Read(ColumnDefinition column) => column.IsRowVersion ? Version : Get(column.Ordinal);

    public object? Get(int ordinal)
    {
        var index = Array.BinarySearch(_ordinals, ordinal);
        return index >= 0 ? _values[index] : null;
    }

    public IEnumerable<(int Ordinal, object Value)> Values()
    {
        for (var i = 0; i < _ordinals.Length; i++)
        {
            yield return (_ordinals[i], _values[i]);
        }
    }

    /// <summary>A new row with the given changes applied (null clears a column).</summary>
    public Row With(long version, IEnumerable<KeyValuePair<int, object?>> changes)
    {
        var merged = new Dictionary<int, object>(_ordinals.Length + 4);
        for (var i = 0; i < _ordinals.Length; i++)
        {
            merged[_ordinals[i]] = _values[i];
        }

        foreach (var (ordinal, value) in changes)
        {
            if (value is null)
            {
                merged.Remove(ordinal);
            }
            else
            {
                merged[ordinal] = value;
            }
        }

        var ordinals = new int[merged.Count];
        var values = new object[merged.Count];
        var n = 0;
        foreach (var (ordinal, value) in merged)
        {
            ordinals[n] = ordinal;
            values[n++] = value;
        }

        Array.Sort(ordinals, values);
        return new Row(Id, version, ordinals, values);
    }

    public static Row Create(Guid id, long version, IEnumerable<KeyValuePair<int, object?>> values) =>
        new Row(id, version, [], []).With(version, values);
}
