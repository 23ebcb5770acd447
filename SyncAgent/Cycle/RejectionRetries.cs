using System.Globalization;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// Rejections an operator asked to retry (<c>crmsync rejections retry</c>, DESIGN B18), each a marker
/// <c>retry:&lt;id&gt;</c>. The next cycle re-reports each retried value as a change of the side it came from (before
/// that side's own changes, which win), no longer suppresses it, and closes the rejection at its commit: if the value
/// is refused again, the new rejection is the open one.
/// </summary>
internal sealed class RejectionRetries
{
    /// <summary>The marker prefix.</summary>
    public const string MarkerPrefix = "retry:";

    private RejectionRetries(IReadOnlyList<Rejection> rejections) => Rejections = rejections;

    /// <summary>The open rejections to retry.</summary>
    public IReadOnlyList<Rejection> Rejections { get; }

    /// <summary>No retry requested.</summary>
    public static RejectionRetries None { get; } = new([]);

    /// <summary>The marker that asks to retry rejection <paramref name="id"/>.</summary>
    public static string MarkerName(long id) => MarkerPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The retries requested (markers whose rejection is still open).</summary>
    public static async Task<RejectionRetries> LoadAsync(StateStore state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ids = new HashSet<long>();
        foreach (var name in (await state.GetMarkersAsync(cancellationToken).ConfigureAwait(false)).Keys)
        {
            if (name.StartsWith(MarkerPrefix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(MarkerPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            return None;
        }

        var open = await state.SearchRejectionsAsync(new RejectionQuery { Limit = 100_000 }, cancellationToken).ConfigureAwait(false);
        return new RejectionRetries([.. open.Where(r => ids.Contains(r.Id))]);
    }

    /// <summary>The retried Dynamics → Marketo values as Dynamics changes of their records.</summary>
    public IEnumerable<CrmChange> CrmChanges(FieldMapping mapping, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        foreach (var rejection in Rejections)
        {
            if (rejection.Direction != SyncDirection.ToMarketo || rejection.Record is not { } record)
            {
                continue;
            }

            var attributes = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in rejection.Fields)
            {
                if (mapping.TryGetByMarketo(record.Entity, field.Field, out var map))
                {
                    attributes[map.Dynamics] = field.Value;
                }
            }

            if (attributes.Count > 0)
            {
                yield return new CrmChange(record, CrmMessage.Update, attributes, now);
            }
        }
    }

    /// <summary>The retried Marketo → Dynamics values as Marketo changes of their persons (choices as Marketo's labels).</summary>
    public IEnumerable<MarketoChange> MarketoChanges(FieldMapping mapping, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        foreach (var rejection in Rejections)
        {
            if (rejection.Direction != SyncDirection.ToDynamics || rejection.MarketoId is not { } person)
            {
                continue;
            }

            var entity = rejection.Record?.Entity ?? SyncEntity.Lead;
            var fields = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in rejection.Fields)
            {
                if (mapping.TryGetByMarketo(entity, field.Field, out var map))
                {
                    var label = FieldTypes.ToMarketo(map, field.Value);
                    fields[map.Marketo] = label.Succeeded ? label.Value : field.Value;
                }
            }

            if (fields.Count > 0)
            {
                yield return new MarketoChange(person, fields, now);
            }
        }
    }

    /// <summary><paramref name="open"/> less the values retried: they are sent again, not suppressed.</summary>
    public IEnumerable<RejectedWrite> Unsuppressed(IEnumerable<RejectedWrite> open)
    {
        if (Rejections.Count == 0)
        {
            return open;
        }

        var retried = Rejections.Where(r => r.Record is not null)
            .SelectMany(r => r.Fields.Select(f => (r.Direction, r.Record!.Value, f.Field)))
            .ToHashSet();
        return open.Where(w => !retried.Contains((w.Direction, w.Record, w.Field))).ToList();
    }
}
