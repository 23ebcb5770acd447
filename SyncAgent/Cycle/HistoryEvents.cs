using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The history events (DESIGN B19) of a carried-out plan: each landed write (field, last agreed value → value written,
/// direction), each collision (both values, the resolution and the rule that chose it) and each retried rejection.
/// Only fields of the accessible mapping are planned, so a secured column the sync user cannot read never appears.
/// </summary>
/// <param name="keepValues">False leaves every value out (<c>CrmSync:History:Values</c>).</param>
internal sealed class HistoryEvents(bool keepValues, long? cycleId, string path, DateTimeOffset now)
{
    /// <summary>The events so far.</summary>
    public List<HistoryEvent> Events { get; } = [];

    /// <summary>The writes of <paramref name="plan"/> that landed (no rejection for the person and direction in <paramref name="commit"/>).</summary>
    /// <param name="before">The last agreed values of the written fields, before the writes.</param>
    public HistoryEvents Writes(SyncPlan plan, CycleCommit commit, IEnumerable<ShadowValue> before)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(commit);
        // The engine's shadow index: one hash entry per person instead of one (id, field) tuple key per shadow.
        var agreed = new ShadowIndex(before);
        var refused = commit.Rejections.Where(r => r.MarketoId is not null).Select(r => (r.MarketoId!.Value, r.Direction)).ToHashSet();
        foreach (var (link, fields, direction) in plan.DynamicsUpdates.Select(u => (u.Link, u.Fields, SyncDirection.ToDynamics))
                     .Concat(plan.MarketoUpdates.Select(u => (u.Link, u.Fields, SyncDirection.ToMarketo))))
        {
            if (refused.Contains((link.MarketoId, direction)))
            {
                continue;
            }

            foreach (var field in fields)
            {
                var old = agreed.TryGet(link.MarketoId, field.Map.Marketo, out var value) ? value : FieldValue.Null;
                Add(link, HistoryKinds.Write, field.Map.Marketo, direction, old, field.Value, path);
            }
        }

        return this;
    }

    /// <summary>The field collisions of <paramref name="plan"/>: the Dynamics value as old, the Marketo value as new.</summary>
    public HistoryEvents Collisions(SyncPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var collision in plan.Collisions.Where(c => c.Map is not null))
        {
            var map = collision.Map!;
            var rule = map.Winner != CollisionWinner.Default
                ? $"field rule Winner = {map.Winner}"
                : $"entity rule ({(collision.Link.Entity == SyncEntity.Lead ? "lead: Marketo wins" : "contact: Dynamics wins")})";
            var direction = collision.Resolution switch
            {
                CollisionResolution.DynamicsWins => SyncDirection.ToMarketo,
                CollisionResolution.MarketoWins => SyncDirection.ToDynamics,
                _ => (SyncDirection?)null,
            };
            Add(collision.Link, HistoryKinds.Collision, map.Marketo, direction, collision.Dynamics, collision.Marketo, $"{collision.Resolution} by {rule}");
        }

        return this;
    }

    /// <summary>The rejections retried by this cycle.</summary>
    public HistoryEvents Retries(RejectionRetries retries)
    {
        ArgumentNullException.ThrowIfNull(retries);
        foreach (var rejection in retries.Rejections.Where(r => r.MarketoId is not null))
        {
            Events.Add(new HistoryEvent
            {
                MarketoId = rejection.MarketoId!.Value,
                Record = rejection.Record,
                Kind = HistoryKinds.Retry,
                Field = string.Join(", ", rejection.Fields.Select(f => f.Field)),
                Direction = rejection.Direction,
                HasValues = false,
                CycleId = cycleId,
                Detail = $"rejection #{rejection.Id} ({rejection.ErrorCode}) retried and closed",
                OccurredOn = now,
            });
        }

        return this;
    }

    private void Add(Link link, string kind, string field, SyncDirection? direction, FieldValue old, FieldValue value, string detail) =>
        Events.Add(new HistoryEvent
        {
            MarketoId = link.MarketoId,
            Record = link.Record,
            Kind = kind,
            Field = field,
            Direction = direction,
            Old = keepValues ? old.Text : null,
            New = keepValues ? value.Text : null,
            HasValues = keepValues,
            CycleId = cycleId,
            Detail = detail,
            OccurredOn = now,
        });
}
