using CrmSync.SyncAgent.Engine;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>A <see cref="StateTransaction"/> on its own SQLite connection; bulk writes reuse one prepared command.</summary>
internal sealed partial class SqliteStateTransaction(SqliteConnection connection, SqliteTransaction transaction, TimeProvider timeProvider, SemaphoreSlim? queue = null)
    : StateTransaction
{
    private bool completed;

    /// <inheritdoc/>
    public override Task AddLinksAsync(IEnumerable<Link> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        var now = Now();
        using var insert = Command("INSERT INTO links (marketo_id, record_id, entity, linked_on) VALUES ($m, $r, $e, $now)", "$m", "$r", "$e", "$now");
        using var history = Command(
            "INSERT INTO link_history (marketo_id, entity, record_id, event, occurred_on) VALUES ($m, $e, $r, $event, $now)",
            "$m", "$e", "$r", "$event", "$now");
        using var unmark = Command("DELETE FROM unlinked_persons WHERE marketo_id = $m", "$m");
        var anyMarked = HasUnlinkedPersons();
        insert.Parameters["$now"].Value = now;
        history.Parameters["$now"].Value = now;
        history.Parameters["$event"].Value = (int)LinkEvent.Linked;
        foreach (var link in links)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var recordId = SqliteValues.Id(link.Record.Id);
            var entity = link.Entity.ToLogicalName();
            insert.Parameters["$m"].Value = link.MarketoId;
            insert.Parameters["$r"].Value = recordId;
            insert.Parameters["$e"].Value = entity;
            insert.ExecuteNonQuery();
            history.Parameters["$m"].Value = link.MarketoId;
            history.Parameters["$r"].Value = recordId;
            history.Parameters["$e"].Value = entity;
            history.ExecuteNonQuery();
            if (anyMarked)
            {
                unmark.Parameters["$m"].Value = link.MarketoId;
                unmark.ExecuteNonQuery();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task RelinkAsync(long marketoId, RecordKey to, CancellationToken cancellationToken = default)
    {
        using var update = Command("UPDATE links SET record_id = $r, entity = $e, linked_on = $now WHERE marketo_id = $m", "$r", "$e", "$now", "$m");
        Bind(update, SqliteValues.Id(to.Id), to.Entity.ToLogicalName(), Now(), marketoId);
        if (update.ExecuteNonQuery() == 0)
        {
            throw new InvalidOperationException($"Marketo person {marketoId} is not linked; it cannot be relinked to {to}.");
        }

        AddHistory(marketoId, to, LinkEvent.Relinked, null);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task UnlinkAsync(long marketoId, string reason, CancellationToken cancellationToken = default)
    {
        using var find = Command("SELECT entity, record_id FROM links WHERE marketo_id = $m", "$m");
        Bind(find, marketoId);
        RecordKey record;
        using (var reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                return Task.CompletedTask;
            }

            record = SqliteValues.ReadRecord(reader, 0, 1);
        }

        // Shadows go with the link (ON DELETE CASCADE): a later link starts from what both sides hold then.
        using var delete = Command("DELETE FROM links WHERE marketo_id = $m", "$m");
        Bind(delete, marketoId);
        delete.ExecuteNonQuery();
        using var mark = Command(
            "INSERT OR REPLACE INTO unlinked_persons (marketo_id, entity, record_id, reason, unlinked_on) VALUES ($m, $e, $r, $reason, $now)",
            "$m", "$e", "$r", "$reason", "$now");
        Bind(mark, marketoId, record.Entity.ToLogicalName(), SqliteValues.Id(record.Id), reason, Now());
        mark.ExecuteNonQuery();
        AddHistory(marketoId, record, LinkEvent.Unlinked, reason);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task SetShadowsAsync(IEnumerable<ShadowValue> shadows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shadows);
        // WHERE true: without it, SQLite reads ON CONFLICT as a join constraint of the SELECT (its documented parsing
        // ambiguity of an upsert from a SELECT). Rows are applied in order, so a later duplicate still wins.
        using var upsert = Command(
            "INSERT INTO shadows (marketo_id, field, kind, value, updated_on) SELECT " + JsonColumns(4) + ", $now FROM json_each($rows) WHERE true "
            + "ON CONFLICT (marketo_id, field) DO UPDATE SET kind = excluded.kind, value = excluded.value, updated_on = excluded.updated_on",
            "$rows", "$now");
        upsert.Parameters["$now"].Value = Now();
        var rows = new SqliteJsonRows(upsert, "$rows");
        foreach (var shadow in shadows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Row().Value(shadow.MarketoId).Value(shadow.Field).Value((int)shadow.Value.Kind).Value(shadow.Value.Text).EndRow();
        }

        rows.Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task SetCursorAsync(string name, string? value, CancellationToken cancellationToken = default)
    {
        using var command = value is null
            ? Command("DELETE FROM cursors WHERE name = $n", "$n")
            : Command("INSERT OR REPLACE INTO cursors (name, value, updated_on) VALUES ($n, $v, $now)", "$n", "$v", "$now");
        if (value is null)
        {
            Bind(command, name);
        }
        else
        {
            Bind(command, name, value, Now());
        }

        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task<long> StartCycleAsync(DateTimeOffset startedOn, CancellationToken cancellationToken = default)
    {
        using var insert = Command("INSERT INTO cycles (started_on, outcome) VALUES ($at, $o) RETURNING id", "$at", "$o");
        Bind(insert, SqliteValues.Instant(startedOn), (int)CycleOutcome.Running);
        return Task.FromResult((long)insert.ExecuteScalar()!);
    }

    /// <inheritdoc/>
    public override Task CompleteCycleAsync(CycleRecord cycle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        using var update = Command(
            """
            UPDATE cycles SET ended_on = $end, outcome = $o, crm_read = $cr, marketo_read = $mr, crm_written = $cw,
                marketo_written = $mw, collisions = $col, rejections = $rej, errors = $err, message = $msg,
                dataverse_calls = $dc, marketo_calls = $mc, throttled = $thr
            WHERE id = $id
            """,
            "$end", "$o", "$cr", "$mr", "$cw", "$mw", "$col", "$rej", "$err", "$msg", "$dc", "$mc", "$thr", "$id");
        Bind(update, SqliteValues.Instant(cycle.EndedOn ?? timeProvider.GetUtcNow()), (int)cycle.Outcome, cycle.CrmRead, cycle.MarketoRead,
            cycle.CrmWritten, cycle.MarketoWritten, cycle.Collisions, cycle.Rejections, cycle.Errors, SqliteValues.OrDbNull(cycle.Message),
            cycle.DataverseCalls, cycle.MarketoCalls, cycle.Throttled, cycle.Id);
        if (update.ExecuteNonQuery() == 0)
        {
            throw new InvalidOperationException($"Cycle {cycle.Id} was never started.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task SetMarkerAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        using var command = Command("INSERT OR REPLACE INTO markers (name, value, created_on) VALUES ($n, $v, $now)", "$n", "$v", "$now");
        Bind(command, name, value, Now());
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task ClearMarkerAsync(string name, CancellationToken cancellationToken = default)
    {
        using var command = Command("DELETE FROM markers WHERE name = $n", "$n");
        Bind(command, name);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        transaction.Commit();
        completed = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        // Disposing an uncommitted SqliteTransaction rolls it back.
        completed = true;
        transaction.Dispose();
        connection.Dispose();

        // The next write transaction of this process may begin (SqliteStateStore.BeginAsync); once, however often disposed.
        Interlocked.Exchange(ref queue, null)?.Release();
        return ValueTask.CompletedTask;
    }

    private bool HasUnlinkedPersons()
    {
        using var any = Command("SELECT EXISTS (SELECT 1 FROM unlinked_persons)");
        return Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <inheritdoc/>
    public override Task AddHistoryAsync(IEnumerable<HistoryEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var insert = Command(
            "INSERT INTO history_events (marketo_id, entity, record_id, kind, field, direction, old_value, new_value, has_values, cycle_id, detail, occurred_on) "
            + "SELECT " + JsonColumns(12) + " FROM json_each($rows)",
            "$rows");
        var rows = new SqliteJsonRows(insert, "$rows");
        string? lastInstant = null;
        DateTimeOffset lastOccurredOn = default;
        foreach (var e in events)
        {
            if (lastInstant is null || e.OccurredOn != lastOccurredOn)
            {
                (lastInstant, lastOccurredOn) = (SqliteValues.Instant(e.OccurredOn), e.OccurredOn);
            }

            rows.Row().Value(e.MarketoId).Value(e.Record?.Entity.ToLogicalName()).Value(e.Record is { } r ? SqliteValues.Id(r.Id) : null)
                .Value(e.Kind).Value(e.Field).Value(e.Direction is { } d ? (int)d : null).Value(e.Old)
                .Value(e.New).Value(e.HasValues ? 1 : 0).Value(e.CycleId).Value(e.Detail).Value(lastInstant)
                .EndRow();
        }

        rows.Flush();
        return Task.CompletedTask;
    }

    /// <summary><c>json_extract(value, '$[0]'), …</c>: the columns of a <see cref="SqliteJsonRows"/> row.</summary>
    private static string JsonColumns(int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"json_extract(value, '$[{i}]')"));

    /// <inheritdoc/>
    public override Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        using var events = Command("DELETE FROM history_events WHERE occurred_on < $before", "$before");
        Bind(events, SqliteValues.Instant(before));
        var deleted = events.ExecuteNonQuery();
        using var links = Command("DELETE FROM link_history WHERE occurred_on < $before", "$before");
        Bind(links, SqliteValues.Instant(before));
        return Task.FromResult(deleted + links.ExecuteNonQuery());
    }

    private void AddHistory(long marketoId, RecordKey record, LinkEvent linkEvent, string? reason)
    {
        using var history = Command(
            "INSERT INTO link_history (marketo_id, entity, record_id, event, reason, occurred_on) VALUES ($m, $e, $r, $event, $reason, $now)",
            "$m", "$e", "$r", "$event", "$reason", "$now");
        Bind(history, marketoId, record.Entity.ToLogicalName(), SqliteValues.Id(record.Id), (int)linkEvent, SqliteValues.OrDbNull(reason), Now());
        history.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private string Now() => SqliteValues.Instant(timeProvider.GetUtcNow());
}
