using System.Runtime.InteropServices;

namespace CrmSync.SyncAgent.Engine;

/// <summary>Shadows indexed by person and Marketo field (ordinal).</summary>
/// <remarks>
/// A cycle indexes every shadow of every person it touches (about ten per person) but looks up only the changed
/// fields, so building must be cheap: one hash per person and a chain through the input per field, newest first,
/// instead of a string-keyed entry per shadow (tools/BENCHMARKS.md, engine planning).
/// </remarks>
internal sealed class ShadowIndex
{
    private readonly IReadOnlyList<ShadowValue> shadows;
    private readonly int[] previous;
    private readonly Dictionary<long, int> newest;

    /// <summary>Indexes <paramref name="shadows"/>; a later duplicate replaces an earlier one.</summary>
    public ShadowIndex(IEnumerable<ShadowValue> shadows)
    {
        ArgumentNullException.ThrowIfNull(shadows);
        this.shadows = shadows as IReadOnlyList<ShadowValue> ?? [.. shadows];
        previous = new int[this.shadows.Count];
        newest = [];
        for (var i = 0; i < this.shadows.Count; i++)
        {
            ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(newest, this.shadows[i].MarketoId, out var exists);
            previous[i] = exists ? head : -1;
            head = i;
        }
    }

    /// <summary>Finds the agreed value of a field.</summary>
    public bool TryGet(long marketoId, string field, out FieldValue value)
    {
        if (newest.TryGetValue(marketoId, out var i))
        {
            for (; i >= 0; i = previous[i])
            {
                if (string.Equals(shadows[i].Field, field, StringComparison.Ordinal))
                {
                    value = shadows[i].Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}
