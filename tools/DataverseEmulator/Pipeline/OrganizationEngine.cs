using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Storage;
using CrmSync.DataverseEmulator.WebApi;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>
/// The event pipeline: Create, Update and Delete with pre-operation steps, the main operation,
/// synchronous post-operation steps (stage 40), automation and validation, all in one transaction.
/// </summary>
internal sealed partial class OrganizationEngine
{
    private const int MaxDepth = 8;
    private static readonly HashSet<string> NoColumns = [];
    private static readonly object BoxedZero = 0;
    private static readonly object BoxedOne = 1;
    private readonly TimeProvider _time;

    public OrganizationEngine(Schema schema, DataStore store, UserDirectory users, PluginRegistry plugins, RuleSet rules,
        TimeProvider time, EmulatorCounters counters, Action<string> trace)
    {
        Schema = schema;
        Store = store;
        Users = users;
        Plugins = plugins;
        Rules = rules;
        _time = time;
        Counters = counters;
        Trace = trace;
    }

    public Schema Schema { get; }

    public DataStore Store { get; }

    public UserDirectory Users { get; }

    public PluginRegistry Plugins { get; }

    public RuleSet Rules { get; }

    public EmulatorCounters Counters { get; }

    public Action<string> Trace { get; }

    public DateTime Now() => ValueConverter.Truncate(_time.GetUtcNow().UtcDateTime);

    /// <summary>Runs <paramref name="operation"/> as one transaction under the store's gate.</summary>
    public T Execute<T>(Func<Transaction, T> operation)
    {
        lock (Store.Gate)
        {
            var transaction = new Transaction();
            try
            {
                var result = operation(transaction);
                Counters.Committed(transaction.Creates, transaction.Updates, transaction.Deletes);
                transaction.Commit();
                return result;
            }
            catch
            {
                transaction.Rollback();
                Counters.Failed();
                throw;
            }
        }
    }

    public Guid Create(OperationContext context, TableDefinition table, Dictionary<ColumnDefinition, object?> values)
    {
        Enter(context, table, "Create", values, create: true);
        var data = Store.Table(table);
        var id = values.GetValueOrDefault(table.PrimaryId) is Guid given && given != Guid.Empty ? given : Store.NewId();
        if (data.Find(id) is not null)
        {
            throw Duplicate();
        }

        var written = values.Keys.Select(c => c.LogicalName).ToHashSet(StringComparer.Ordinal);
        var all = new Dictionary<ColumnDefinition, object?>(values) { [table.PrimaryId] = id };
        // One reference and one boxed time per operation, shared by the columns (bulk seeding stays compact).
        var user = context.UserReference;
        object now = context.OperationCreatedOn;
        SetIfPresent(table, all, "createdon", now);
        SetIfPresent(table, all, "modifiedon", now);
        SetIfPresent(table, all, "createdby", user);
        SetIfPresent(table, all, "modifiedby", user);
        SetDefault(table, all, "ownerid", user);
        SetDefault(table, all, "statecode", BoxedZero);
        SetDefault(table, all, "statuscode", BoxedOne);
        ComputeFullName(table, all, null);

        // The SDK Target is built only when a step will see it: bulk seeding stays cheap.
        var target = Steps(context, table, "Create") ? Images.ToEntity(table, id, all) : null;
        if (target is not null)
        {
            RunSteps(context, table, "Create", 20, target, id, null, null, written);
            Images.MergeBack(table, target, all);
        }

        var row = Row.Create(id, Store.NextVersion(), all.Select(kv => KeyValuePair.Create(kv.Key.Ordinal, kv.Value)));
        context.Transaction.Put(data, id, row);
        context.Transaction.Creates++;
        if (target is not null)
        {
            RunSteps(context, table, "Create", 40, target, id, null, row, written);
        }

        AfterWrite(context, table, id, values);
        return id;
    }

    public Row Update(OperationContext context, TableDefinition table, Guid id, Dictionary<ColumnDefinition, object?> values)
    {
        values.Remove(table.PrimaryId);
        Enter(context, table, "Update", values, create: false);
        var data = Store.Table(table);
        var old = data.Find(id) ?? throw NotFound(table, id);
        var written = values.Keys.Select(c => c.LogicalName).ToHashSet(StringComparer.Ordinal);
        var changes = new Dictionary<ColumnDefinition, object?>(values);
        SetIfPresent(table, changes, "modifiedon", context.OperationCreatedOn);
        SetIfPresent(table, changes, "modifiedby", context.UserReference);
        ComputeFullName(table, changes, old);

        var target = Steps(context, table, "Update") ? Images.ToEntity(table, id, changes) : null;
        if (target is not null)
        {
            RunSteps(context, table, "Update", 20, target, id, old, null, written);
            Images.MergeBack(table, target, changes);
        }

        var row = old.With(Store.NextVersion(), changes.Select(kv => KeyValuePair.Create(kv.Key.Ordinal, kv.Value)));
        context.Transaction.Put(data, id, row);
        context.Transaction.Updates++;
        if (target is not null)
        {
            RunSteps(context, table, "Update", 40, target, id, old, row, written);
        }

        AfterWrite(context, table, id, values);
        return row;
    }

    public void Delete(OperationContext context, TableDefinition table, Guid id)
    {
        Enter(context, table, "Delete", new Dictionary<ColumnDefinition, object?>(), create: false);
        var data = Store.Table(table);
        var old = data.Find(id) ?? throw NotFound(table, id);
        var target = new Microsoft.Xrm.Sdk.EntityReference(table.LogicalName, id);
        RunSteps(context, table, "Delete", 20, target, id, old, null, NoColumns);
        context.Transaction.Put(data, id, null);
        context.Transaction.Deletes++;
        RunSteps(context, table, "Delete", 40, target, id, old, null, NoColumns);
    }

    private bool Steps(OperationContext context, TableDefinition table, string message) =>
        !context.BypassPlugins && Plugins.HasSteps(table.LogicalName, message);

    public static WebApiException NotFound(TableDefinition table, Guid id) =>
        new(404, ErrorCodes.ObjectDoesNotExist, $"{table.LogicalName} With Id = {id} Does Not Exist");

    public static WebApiException Duplicate() =>
        new(412, ErrorCodes.DuplicateRecord, "A record with matching key values already exists.");

    private void Enter(OperationContext context, TableDefinition table, string message, Dictionary<ColumnDefinition, object?> values, bool create)
    {
        if (context.Depth > MaxDepth)
        {
            throw new WebApiException(400, ErrorCodes.InfiniteLoop,
                "This workflow job was canceled because the workflow that started it included an infinite loop. Correct the workflow logic and try again.");
        }

        if (context.EnforceSecurity)
        {
            WriteChecks.TablePrivilege(table, message, context.UserId);
            WriteChecks.Security(table, values, create, context.UserId, Users);
        }

        WriteChecks.Values(table, values, Store.Table, Schema);
    }

    /// <summary>Automation reacts first (nested, depth + 1); validation rules then judge the caller's values.</summary>
    private void AfterWrite(OperationContext context, TableDefinition table, Guid id, Dictionary<ColumnDefinition, object?> values)
    {
        foreach (var rule in Rules.Automations.Where(r => r.Table == table.LogicalName))
        {
            var trigger = values.FirstOrDefault(kv => kv.Key.LogicalName == rule.TriggerColumn);
            if (trigger.Key is null || table.Find(rule.TargetColumn) is not { } targetColumn)
            {
                continue;
            }

            var value = ValueConverter.FromClr(targetColumn, rule.Compute(ValueConverter.ToPublic(trigger.Value)));
            Update(context.Nested(context.UserId, null, Now()), table, id, new Dictionary<ColumnDefinition, object?> { [targetColumn] = value });
        }

        foreach (var rule in Rules.Validations.Where(r => r.Table == table.LogicalName))
        {
            var written = values.FirstOrDefault(kv => kv.Key.LogicalName == rule.Column);
            if (written.Key is not null && rule.IsInvalid(ValueConverter.ToPublic(written.Value)))
            {
                throw new WebApiException(400, ErrorCodes.IsvAborted, rule.Message);
            }
        }
    }

    private static void SetIfPresent(TableDefinition table, Dictionary<ColumnDefinition, object?> values, string column, object value)
    {
        if (table.Find(column) is { } c)
        {
            values[c] = value;
        }
    }

    private static void SetDefault(TableDefinition table, Dictionary<ColumnDefinition, object?> values, string column, object value)
    {
        if (table.Find(column) is { } c && values.GetValueOrDefault(c) is null)
        {
            values[c] = value;
        }
    }

    /// <summary>fullname = "firstname lastname", recomputed when either part is written.</summary>
    private static void ComputeFullName(TableDefinition table, Dictionary<ColumnDefinition, object?> values, Row? old)
    {
        if (table.Find("fullname") is not { } full || table.Find("firstname") is not { } first || table.Find("lastname") is not { } last)
        {
            return;
        }

        if (!values.ContainsKey(first) && !values.ContainsKey(last))
        {
            return;
        }

        var firstName = values.TryGetValue(first, out var f) ? f as string : old?.Get(first.Ordinal) as string;
        var lastName = values.TryGetValue(last, out var l) ? l as string : old?.Get(last.Ordinal) as string;
        var name = $"{firstName} {lastName}".Trim();
        values[full] = name.Length == 0 ? null : name;
    }
}
