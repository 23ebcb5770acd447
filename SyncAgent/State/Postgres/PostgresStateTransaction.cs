using CrmSync.SyncAgent.Engine;
using Npgsql;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>
/// A <see cref="StateTransaction"/> on its own pooled connection (READ COMMITTED). Bulk writes travel as arrays in one
/// statement (<c>unnest</c>), so a cycle's commit is a handful of round trips whatever its size.
/// </summary>
internal sealed partial class PostgresStateTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, TimeProvider timeProvider, CommitFence? fence)
    : StateTransaction
{
    private bool completed;

    /// <inheritdoc/>
    public override async Task AddLinksAsync(IEnumerable<Link> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        var list = links.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await using var command = Command(
            """
            WITH input AS (SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[]) WITH ORDINALITY AS t(m, r, e, n)),
            linked AS (INSERT INTO links (marketo_id, record_id, entity, linked_on) SELECT m, r, e, $4 FROM input RETURNING marketo_id),
            history AS (INSERT INTO link_history (marketo_id, entity, record_id, event, occurred_on) SELECT m, e, r, $5, $4 FROM input ORDER BY n)
            DELETE FROM unlinked_persons WHERE marketo_id IN (SELECT marketo_id FROM linked)
            """)
            .With(list.Select(l => l.MarketoId).ToArray())
            .With(list.Select(l => l.Record.Id).ToArray())
            .With(list.Select(l => l.Entity.ToLogicalName()).ToArray())
            .With(Now())
            .With((int)LinkEvent.Linked);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task RelinkAsync(long marketoId, RecordKey to, CancellationToken cancellationToken = default)
    {
        await using var update = Command("UPDATE links SET record_id = $1, entity = $2, linked_on = $3 WHERE marketo_id = $4")
            .With(to.Id).With(to.Entity.ToLogicalName()).With(Now()).With(marketoId);
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"Marketo person {marketoId} is not linked; it cannot be relinked to {to}.");
        }

        await AddHistoryAsync(marketoId, to, LinkEvent.Relinked, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task UnlinkAsync(long marketoId, string reason, CancellationToken cancellationToken = default)
    {
        // Shadows go with the link (ON DELETE CASCADE): a later link starts from what both sides hold then.
        await using var delete = Command("DELETE FROM links WHERE marketo_id = $1 RETURNING entity, record_id").With(marketoId);
        var removed = await delete.ReadAllAsync(reader => PostgresValues.ReadRecord(reader, 0, 1), cancellationToken).ConfigureAwait(false);
        if (removed.Count == 0)
        {
            return;
        }

        var record = removed[0];
        await using var mark = Command(
            """
            INSERT INTO unlinked_persons (marketo_id, entity, record_id, reason, unlinked_on) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (marketo_id) DO UPDATE SET entity = excluded.entity, record_id = excluded.record_id, reason = excluded.reason,
                unlinked_on = excluded.unlinked_on
            """)
            .With(marketoId).With(record.Entity.ToLogicalName()).With(record.Id).With(reason).With(Now());
        await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await AddHistoryAsync(marketoId, record, LinkEvent.Unlinked, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task SetShadowsAsync(IEnumerable<ShadowValue> shadows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shadows);

        // One statement may not touch a row twice: the last value of a (person, field) wins, as row-by-row upserts would.
        var last = new Dictionary<(long, string), ShadowValue>();
        foreach (var shadow in shadows)
        {
            last[(shadow.MarketoId, shadow.Field)] = shadow;
        }

        if (last.Count == 0)
        {
            return;
        }

        var list = last.Values;
        await using var upsert = Command(
            """
            INSERT INTO shadows (marketo_id, field, kind, value, updated_on)
            SELECT m, f, k, v, $5 FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[]) AS t(m, f, k, v)
            ON CONFLICT (marketo_id, field) DO UPDATE SET kind = excluded.kind, value = excluded.value, updated_on = excluded.updated_on
            """)
            .With(list.Select(s => s.MarketoId).ToArray())
            .With(list.Select(s => s.Field).ToArray())
            .With(list.Select(s => (int)s.Value.Kind).ToArray())
            .With(list.Select(s => s.Value.Text).ToArray())
            .With(Now());
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task SetCursorAsync(string name, string? value, CancellationToken cancellationToken = default)
    {
        await using var command = value is null
            ? Command("DELETE FROM cursors WHERE name = $1").With(name)
            : Command(
                "INSERT INTO cursors (name, value, updated_on) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_on = excluded.updated_on")
                .With(name).With(value).With(Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task<long> StartCycleAsync(DateTimeOffset startedOn, CancellationToken cancellationToken = default)
    {
        await using var insert = Command("INSERT INTO cycles (started_on, outcome) VALUES ($1, $2) RETURNING id")
            .With(PostgresValues.Instant(startedOn)).With((int)CycleOutcome.Running);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public override async Task CompleteCycleAsync(CycleRecord cycle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        await using var update = Command(
            """
            UPDATE cycles SET ended_on = $1, outcome = $2, crm_read = $3, marketo_read = $4, crm_written = $5,
                marketo_written = $6, collisions = $7, rejections = $8, errors = $9, message = $10,
                dataverse_calls = $11, marketo_calls = $12, throttled = $13
            WHERE id = $14
            """)
            .With(PostgresValues.Instant(cycle.EndedOn ?? timeProvider.GetUtcNow())).With((int)cycle.Outcome).With(cycle.CrmRead).With(cycle.MarketoRead)
            .With(cycle.CrmWritten).With(cycle.MarketoWritten).With(cycle.Collisions).With(cycle.Rejections).With(cycle.Errors).With(cycle.Message)
            .With(cycle.DataverseCalls).With(cycle.MarketoCalls).With(cycle.Throttled).With(cycle.Id);
        update.Parameters[9].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"Cycle {cycle.Id} was never started.");
        }
    }

    /// <inheritdoc/>
    public override async Task SetMarkerAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "INSERT INTO markers (name, value, created_on) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = excluded.value, created_on = excluded.created_on")
            .With(name).With(value).With(Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task ClearMarkerAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = Command("DELETE FROM markers WHERE name = $1").With(name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task AddHistoryAsync(IEnumerable<HistoryEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.ToList();
        if (list.Count == 0)
        {
            return;
        }

        // One statement for the whole list (arrays, like the other bulk writes), inserted in the list's order.
        await using var insert = Command(
            """
            INSERT INTO history_events (marketo_id, entity, record_id, kind, field, direction, old_value, new_value, has_values, cycle_id, detail, occurred_on)
            SELECT m, e, r, k, f, d, o, n, h, c, x, t
            FROM unnest($1::bigint[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::boolean[], $10::bigint[],
                        $11::text[], $12::timestamptz[]) WITH ORDINALITY AS u(m, e, r, k, f, d, o, n, h, c, x, t, i)
            ORDER BY i
            """)
            .With(list.Select(e => e.MarketoId).ToArray())
            .With(list.Select(e => e.Record?.Entity.ToLogicalName()).ToArray())
            .With(list.Select(e => e.Record?.Id).ToArray())
            .With(list.Select(e => e.Kind).ToArray())
            .With(list.Select(e => e.Field).ToArray())
            .With(list.Select(e => e.Direction is { } d ? (int?)d : null).ToArray())
            .With(list.Select(e => e.Old).ToArray())
            .With(list.Select(e => e.New).ToArray())
            .With(list.Select(e => e.HasValues).ToArray())
            .With(list.Select(e => e.CycleId).ToArray())
            .With(list.Select(e => e.Detail).ToArray())
            .With(list.Select(e => PostgresValues.Instant(e.OccurredOn)).ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var events = Command("DELETE FROM history_events WHERE occurred_on < $1").With(PostgresValues.Instant(before));
        var deleted = await events.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var links = Command("DELETE FROM link_history WHERE occurred_on < $1").With(PostgresValues.Instant(before));
        return deleted + await links.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        if (fence is not null)
        {
            await CheckFenceAsync(fence, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        completed = true;
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted NpgsqlTransaction rolls it back; the connection goes back to the pool.
        completed = true;
        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The fencing check, last statement before COMMIT: the lease row must still name this holder and epoch. FOR SHARE
    /// holds the row until COMMIT, so a takeover (which updates the row) waits for this commit or this commit sees the
    /// takeover and is refused; either way no two holders commit in one epoch. The same statement counts the commit in
    /// <see cref="CommitFence.CommitTable"/> (pair, epoch, holder), so that record shows who committed in each epoch.
    /// </summary>
    private async Task CheckFenceAsync(CommitFence commitFence, CancellationToken cancellationToken)
    {
        var epoch = commitFence.Epoch;
        if (epoch != 0)
        {
            await using var check = Command(
                $"""
                WITH held AS (SELECT pair, epoch, holder FROM {CommitFence.LeaseTable} WHERE pair = $1 AND holder = $2 AND epoch = $3 FOR SHARE)
                INSERT INTO {CommitFence.CommitTable} AS c (pair, epoch, holder, commits, first_on, last_on)
                SELECT pair, epoch, holder, 1, clock_timestamp(), clock_timestamp() FROM held
                ON CONFLICT (pair, epoch, holder) DO UPDATE SET commits = c.commits + 1, last_on = excluded.last_on
                RETURNING 1
                """)
                .With(commitFence.Pair).With(commitFence.Holder).With(epoch);
            if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
        }

        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        completed = true;
        throw new LeaseLostException(commitFence.Pair, commitFence.Holder, epoch);
    }

    private async Task AddHistoryAsync(long marketoId, RecordKey record, LinkEvent linkEvent, string? reason, CancellationToken cancellationToken)
    {
        await using var history = Command(
            "INSERT INTO link_history (marketo_id, entity, record_id, event, reason, occurred_on) VALUES ($1, $2, $3, $4, $5, $6)")
            .With(marketoId).With(record.Entity.ToLogicalName()).With(record.Id).With((int)linkEvent).With(reason).With(Now());
        history.Parameters[4].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        await history.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        return new NpgsqlCommand(sql, connection, transaction);
    }

    private DateTimeOffset Now() => PostgresValues.Instant(timeProvider.GetUtcNow());
}
