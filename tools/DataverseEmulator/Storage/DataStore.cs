using CrmSync.DataverseEmulator.Metadata;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>
/// In-memory rows of every table. One gate serialises operations (each one a transaction, like the
/// platform's database transaction); readers take the same gate, which keeps the model simple and
/// is cheap at emulator scale.
/// </summary>
internal sealed class DataStore
{
    private readonly Dictionary<string, TableData> _tables = new(StringComparer.Ordinal);
    private long _version = 1000;

    public object Gate { get; } = new();

    public TableData Table(TableDefinition table)
    {
        if (!_tables.TryGetValue(table.LogicalName, out var data))
        {
            var indexed = table.Find("emailaddress1")?.Ordinal;
            _tables[table.LogicalName] = data = new TableData(indexed);
        }

        return data;
    }

    public long NextVersion() => Interlocked.Increment(ref _version);
}
