namespace CrmSync.DataverseEmulator.Storage;

/// <summary>An undo log: every put records the previous row, and rollback restores them in reverse order.</summary>
internal sealed class Transaction
{
    private readonly List<(TableData Table, Guid Id, Row? Previous)> _undo = [];

    public int Creates { get; set; }

    public int Updates { get; set; }

    public int Deletes { get; set; }

    public void Put(TableData table, Guid id, Row? row) => _undo.Add((table, id, table.Put(id, row)));

    public void Rollback()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            var (table, id, previous) = _undo[i];
            table.Put(id, previous);
        }

        _undo.Clear();
        Creates = Updates = Deletes = 0;
    }

    public void Commit() => _undo.Clear();
}
