namespace CrmSync.SyncAgent.Engine;

/// <summary>Which side a resync copies from (DESIGN B18): the field's rule, or an operator's <c>--from</c>.</summary>
internal enum ResyncSource
{
    /// <summary>The field's rule: its direction, and for two-way fields its collision winner (the entity rule by default).</summary>
    Rule,

    /// <summary>Dynamics, for every field that may flow to Marketo.</summary>
    Dynamics,

    /// <summary>Marketo, for every field that may flow to Dynamics.</summary>
    Marketo,
}
