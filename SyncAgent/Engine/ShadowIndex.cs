using System.Runtime.InteropServices;

namespace CrmSync.SyncAgent.Engine;

/// <summary>Shadows indexed by person and Marketo field (ordinal).</summary>
/// <remarks>
/// A cycle indexes every shadow of every person it touches (twenty or so per person with the default mapping) but
/// looks up only the changed fields, so building must be cheap and allocate little: the state store and the cycle
/// give a person's shadows one after the other, so the index keeps one run (first, end) per stretch of one person's
/// shadows and one hash entry per person, the runs chained newest first, and a lookup scans the person's runs from the
/// end. Any order works; a person whose shadows are scattered just has more runs (tools/BENCHMARKS.md, "Planning
/// regression").
/// </remarks>
internal sealed class ShadowIndex
{
    private readonly List<ShadowValue> shadows;
    private readonly Run[] runs;
    private readonly Dictionary<long, int> newest;

    /// <summary>Indexes <paramref name="shadows"/>; a later duplicate replaces an earlier one.</summary>
    public ShadowIndex(IEnumerable<ShadowValue> shadows)
    {
        ArgumentNullException.ThrowIfNull(shadows);
        this.shadows = shadows as List<ShadowValue> ?? [.. shadows];
        var all = CollectionsMarshal.AsSpan(this.shadows);
        var count = 0;
        for (var i = 0; i < all.Length; i++)
        {
            if (i == 0 || all[i].MarketoId != all[i - 1].MarketoId)
            {
                count++;
            }
        }

        runs = count == 0 ? [] : new Run[count];
        newest = new Dictionary<long, int>(count);
        var run = -1;
        for (var i = 0; i < all.Length; i++)
        {
            if (i == 0 || all[i].MarketoId != all[i - 1].MarketoId)
            {
                ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(newest, all[i].MarketoId, out var exists);
                runs[++run] = new Run(i, i, exists ? head : -1);
                head = run;
            }

            runs[run].End = i + 1;
        }
    }

    /// <summary>Finds the agreed value of a field.</summary>
    public bool TryGet(long marketoId, string field, out FieldValue value)
    {
        if (newest.TryGetValue(marketoId, out var r))
        {
            var all = CollectionsMarshal.AsSpan(shadows);
            for (; r >= 0; r = runs[r].Previous)
            {
                for (var i = runs[r].End - 1; i >= runs[r].Start; i--)
                {
                    // The length first, inline: most of a person's other fields differ in it.
                    var candidate = all[i].Field;
                    if (candidate.Length == field.Length && string.Equals(candidate, field, StringComparison.Ordinal))
                    {
                        value = all[i].Value;
                        return true;
                    }
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>A stretch of one person's shadows, <see cref="Start"/> to <see cref="End"/> (exclusive), and the
    /// person's run before it (-1: none).</summary>
    private struct Run(int start, int end, int previous)
    {
        public int Start = start;
        public int End = end;
        public int Previous = previous;
    }
}
