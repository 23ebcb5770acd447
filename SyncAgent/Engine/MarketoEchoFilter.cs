namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// Drops Marketo change activities that are echoes before they are planned (DESIGN B9): a change of a linked person
/// whose every reported value equals the stored shadow is what <see cref="FieldDecider"/> would call an echo. Once a
/// person has one kept change, all its later changes are kept too, so a value changed and then changed back within
/// one read still ends on the latest value. One filter per read of the lead changes, fed page by page.
/// </summary>
internal sealed class MarketoEchoFilter
{
    private readonly HashSet<long> kept = [];

    /// <summary>Change activities dropped as echoes so far.</summary>
    public int EchoesDropped { get; private set; }

    /// <summary>Fields of the dropped echoes.</summary>
    public int EchoFields { get; private set; }

    /// <summary>The persons of <paramref name="page"/> whose changes may be echoes: the caller loads their links and shadows.</summary>
    public IReadOnlySet<long> Candidates(IReadOnlyList<MarketoChange> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var candidates = new HashSet<long>();
        foreach (var change in page)
        {
            if (!kept.Contains(change.LeadId))
            {
                candidates.Add(change.LeadId);
            }
        }

        return candidates;
    }

    /// <summary>The changes of <paramref name="page"/> to plan, given which persons are <paramref name="linked"/> and their shadows.</summary>
    public List<MarketoChange> Keep(IReadOnlyList<MarketoChange> page, IReadOnlySet<long> linked, ShadowIndex shadows)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(linked);
        ArgumentNullException.ThrowIfNull(shadows);
        var result = new List<MarketoChange>(page.Count);
        foreach (var change in page)
        {
            if (!kept.Contains(change.LeadId) && linked.Contains(change.LeadId) && IsEcho(change, shadows))
            {
                EchoesDropped++;
                EchoFields += change.Fields.Count;
                continue;
            }

            kept.Add(change.LeadId);
            result.Add(change);
        }

        return result;
    }

    private static bool IsEcho(MarketoChange change, ShadowIndex shadows)
    {
        foreach (var (field, value) in change.Fields)
        {
            if (!shadows.TryGet(change.LeadId, field, out var shadow) || shadow != value)
            {
                return false;
            }
        }

        return true;
    }
}
