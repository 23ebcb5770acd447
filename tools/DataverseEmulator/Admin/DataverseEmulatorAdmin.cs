using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Pipeline;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Solutions;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Admin;

/// <summary>
/// In-process administration of an emulator: solutions, records, users and column security, rules,
/// service protection, faults, the request log and counters. Record values use CLR types (string,
/// int, decimal, bool, DateTime UTC, Guid) or SDK types (OptionSetValue, Money, EntityReference);
/// lookups come back as <see cref="Microsoft.Xrm.Sdk.EntityReference"/>.
/// </summary>
public sealed class DataverseEmulatorAdmin
{
    private readonly EmulatorState _state;
    private readonly SolutionImporter _importer;

    internal DataverseEmulatorAdmin(EmulatorState state, SolutionImporter importer)
    {
        _state = state;
        _importer = importer;
        AddUserCore(new EmulatorUser(BuiltInUsers.SystemUserId, "SYSTEM", "system", Guid.NewGuid().ToString("N")) { IsSystemAdministrator = true }, isSystem: true);
    }

    /// <summary>The built-in sync application user (client crmsync-sync).</summary>
    public EmulatorUser SyncUser => _state.Users.Find(BuiltInUsers.Sync.Id)!;

    /// <summary>The built-in ordinary user (client crmsync-maker).</summary>
    public EmulatorUser MakerUser => _state.Users.Find(BuiltInUsers.Maker.Id)!;

    /// <summary>Running totals.</summary>
    public EmulatorCounters Counters => _state.Counters;

    /// <summary>Every Web API request so far (oldest first; the last 100 000 are kept).</summary>
    public IReadOnlyList<RequestLogEntry> RequestLog => [.. _state.Log];

    /// <summary>Lines plug-ins wrote with ITracingService, prefixed with the step name.</summary>
    public IReadOnlyList<string> PluginTraces => [.. _state.Traces];

    /// <summary>Service protection limits, changeable at run time.</summary>
    public ServiceProtectionLimits ServiceProtection
    {
        get => _state.Throttle.Limits;
        set => _state.Throttle.Limits = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Fault injection settings, changeable at run time.</summary>
    public FaultSettings Faults
    {
        get => _state.Faults.Settings;
        set => _state.Faults.Settings = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Answers the next <paramref name="count"/> Web API requests with <paramref name="status"/>.</summary>
    public void FailNextRequests(int count, int status = 503) => _state.Faults.FailNext(count, status);

    /// <summary>Aborts the connection of the next <paramref name="count"/> Web API requests.</summary>
    public void DropNextRequests(int count) => _state.Faults.DropNext(count);

    /// <summary>Forgets the request log.</summary>
    public void ClearRequestLog() => _state.Log.Clear();

    /// <summary>Imports a solution zip from a file.</summary>
    public async Task<ImportedSolution> ImportSolutionAsync(string path, CancellationToken cancellationToken = default) =>
        _importer.Import(await File.ReadAllBytesAsync(path, cancellationToken));

    /// <summary>Imports a solution zip.</summary>
    public ImportedSolution ImportSolution(byte[] zip) => _importer.Import(zip);

    /// <summary>Adds a user (and its systemuser row).</summary>
    public void AddUser(EmulatorUser user) => AddUserCore(user, isSystem: false);

    /// <summary>Issues a new opaque bearer token for a user, as the token endpoint would.</summary>
    public string IssueToken(Guid userId) =>
        _state.Users.Find(userId) is not null ? _state.Users.IssueToken(userId) : throw new ArgumentException($"Unknown user {userId}.", nameof(userId));

    /// <summary>Turns column security on or off for a column (its metadata IsSecured).</summary>
    public void SecureColumn(string table, string column, bool secured = true)
    {
        lock (_state.Store.Gate)
        {
            Column(table, column).IsSecured = secured;
        }
    }

    /// <summary>Sets a user's field permissions on a secured column.</summary>
    public void GrantColumnAccess(Guid userId, string table, string column, ColumnGrant grant)
    {
        _ = Column(table, column);
        _state.Users.Grant(userId, table, column, grant);
    }

    /// <summary>Adds a validation rule.</summary>
    public void AddValidationRule(ValidationRule rule) => _state.Rules.Add(rule);

    /// <summary>Removes a validation rule; false when it was not present.</summary>
    public bool RemoveValidationRule(ValidationRule rule) => _state.Rules.Remove(rule);

    /// <summary>Adds an automation rule.</summary>
    public void AddAutomation(AutomationRule rule) => _state.Rules.Add(rule);

    /// <summary>Removes an automation rule; false when it was not present.</summary>
    public bool RemoveAutomation(AutomationRule rule) => _state.Rules.Remove(rule);

    /// <summary>Creates a record through the full pipeline (plug-ins, automation, validation) as <paramref name="asUserId"/> (default: maker).</summary>
    public Guid CreateRecord(string table, IReadOnlyDictionary<string, object?> values, Guid? asUserId = null) =>
        _state.Engine.Execute(tx => _state.Engine.Create(Caller(asUserId, tx), _state.Schema.GetTable(table), Values(table, values)));

    /// <summary>Updates a record through the full pipeline as <paramref name="asUserId"/> (default: maker).</summary>
    public void UpdateRecord(string table, Guid id, IReadOnlyDictionary<string, object?> values, Guid? asUserId = null) =>
        _state.Engine.Execute(tx => _state.Engine.Update(Caller(asUserId, tx), _state.Schema.GetTable(table), id, Values(table, values)));

    /// <summary>Deletes a record through the full pipeline as <paramref name="asUserId"/> (default: maker).</summary>
    public void DeleteRecord(string table, Guid id, Guid? asUserId = null) =>
        _state.Engine.Execute(tx =>
        {
            _state.Engine.Delete(Caller(asUserId, tx), _state.Schema.GetTable(table), id);
            return true;
        });

    /// <summary>Inserts many records fast, without plug-ins, automation or validation (benchmark seeding); returns their ids.</summary>
    public IReadOnlyList<Guid> BulkInsert(string table, IEnumerable<IReadOnlyDictionary<string, object?>> records)
    {
        var definition = _state.Schema.GetTable(table);
        return _state.Engine.Execute(tx =>
        {
            var context = OperationContext.ForSystem(tx, _state.Engine.Now());
            return records.Select(r => _state.Engine.Create(context, definition, Values(table, r))).ToList();
        });
    }

    /// <summary>A record's values by logical name, or null; secured columns the user can't read are null when <paramref name="asUserId"/> is given.</summary>
    public IReadOnlyDictionary<string, object?>? GetRecord(string table, Guid id, Guid? asUserId = null)
    {
        var definition = _state.Schema.GetTable(table);
        lock (_state.Store.Gate)
        {
            return _state.Store.Table(definition).Find(id) is { } row ? ToDictionary(definition, row, asUserId) : null;
        }
    }

    /// <summary>All records of a table in id order, optionally filtered.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> GetRecords(string table, Func<IReadOnlyDictionary<string, object?>, bool>? where = null)
    {
        var definition = _state.Schema.GetTable(table);
        lock (_state.Store.Gate)
        {
            return _state.Store.Table(definition).Scan().Select(r => ToDictionary(definition, r, null)).Where(r => where?.Invoke(r) ?? true).ToList();
        }
    }

    /// <summary>Number of records in a table.</summary>
    public int Count(string table)
    {
        lock (_state.Store.Gate)
        {
            return _state.Store.Table(_state.Schema.GetTable(table)).Count;
        }
    }

    internal void AddUserCore(EmulatorUser user, bool isSystem)
    {
        _state.Users.Add(user);
        var names = user.FullName.Split(' ', 2);
        WriteRow("systemuser", user.Id, new Dictionary<string, object?>
        {
            ["fullname"] = user.FullName, ["firstname"] = names[0], ["lastname"] = names.Length > 1 ? names[1] : null,
            ["applicationid"] = isSystem ? null : StableId.For("application", user.ClientId), ["isdisabled"] = false,
            ["domainname"] = user.ClientId + "@crmsync.emulator",
        });
    }

    private void WriteRow(string table, Guid id, IReadOnlyDictionary<string, object?> values)
    {
        var definition = _state.Schema.GetTable(table);
        var columns = Values(table, values);
        columns[definition.PrimaryId] = id;
        _state.Engine.Execute(tx => _state.Engine.Create(OperationContext.ForSystem(tx, _state.Engine.Now()), definition, columns));
    }

    private OperationContext Caller(Guid? userId, Transaction tx)
    {
        var user = _state.Users.Find(userId ?? BuiltInUsers.Maker.Id) ?? throw new ArgumentException($"Unknown user {userId}.", nameof(userId));
        return OperationContext.ForCaller(user, tx, _state.Engine.Now(), enforceSecurity: false);
    }

    private ColumnDefinition Column(string table, string column) =>
        _state.Schema.GetTable(table).Find(column) ?? throw new ArgumentException($"Table '{table}' has no column '{column}'.", nameof(column));

    private Dictionary<ColumnDefinition, object?> Values(string table, IReadOnlyDictionary<string, object?> values)
    {
        var result = new Dictionary<ColumnDefinition, object?>();
        foreach (var (name, value) in values)
        {
            var column = Column(table, name);
            try
            {
                result[column] = ValueConverter.FromClr(column, value);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, nameof(values), ex);
            }
        }

        return result;
    }

    private Dictionary<string, object?> ToDictionary(TableDefinition table, Row row, Guid? asUserId)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (ordinal, value) in row.Values())
        {
            var column = table.Columns[ordinal];
            var readable = asUserId is null || !column.IsSecured || _state.Users.GrantFor(asUserId.Value, table.LogicalName, column.LogicalName).CanRead;
            result[column.LogicalName] = readable ? ValueConverter.ToPublic(value) : null;
        }

        result[RowVersion.ColumnName] = row.Version;

        return result;
    }
}
