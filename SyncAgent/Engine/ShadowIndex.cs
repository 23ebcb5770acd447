namespace CrmSync.SyncAgent.Engine;

/// <summary>Shadows indexed by person and Marketo field (ordinal).</summary>
internal sealed class ShadowIndex
{
    private readonly Dictionary<(long MarketoId, string Field), FieldValue> values = [];

    /// <summary>Indexes <paramref name="shadows"/>; a later duplicate replaces an earlier one.</summary>
    public ShadowIndex(IEnumerable<ShadowValue> shadows)
    {
        foreach (var shadow in shadows)
        {
            values[(shadow.MarketoId, shadow.Field)] = shadow.Value;
        }
    }

    /// <summary>Finds the agreed value of a field.</summary>
    public bool TryGet(long marketoId, string field, out FieldValue value) => values.TryGetValue((marketoId, field), out value);
}
