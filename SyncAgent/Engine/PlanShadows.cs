namespace CrmSync.SyncAgent.Engine;

/// <summary>Shadows implied by a landed write: each written value becomes the agreed value.</summary>
internal static class PlanShadows
{
    /// <summary>The shadows for <paramref name="fields"/> written for <paramref name="marketoId"/>.</summary>
    public static IEnumerable<ShadowValue> Of(long marketoId, IReadOnlyList<PlannedField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            yield return new ShadowValue(marketoId, fields[i].Map.Marketo, fields[i].Value);
        }
    }
}
