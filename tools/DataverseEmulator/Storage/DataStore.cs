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
    private readonly Random? _ids;
    private long _version = 1000;

    /// <param name="idSeed">Seed for record ids, to replay a run; null draws them with <see cref="Guid.NewGuid"/>.</param>
    public DataStore(int? idSeed = null)
    {
        _ids = idSeed is { } seed ? new Random(seed) : null;
    }

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

    /// <summary>The organization-wide row version: every create and update of any row takes the next one.</summary>
    public long NextVersion() => Interlocked.Increment(ref _version);

    /// <summary>
    /// A server-assigned record id: random (version 4), as Dataverse's ids are in no particular order, so nothing may
    /// read creation order from them. Called under <see cref="Gate"/>, which also guards the seeded generator.
    /// </summary>
    public Guid NewId()
    {
        if (_ids is null)
        {
            return Guid.NewGuid();
        }

        Span<byte> bytes = stackalloc byte[16];
        _ids.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
