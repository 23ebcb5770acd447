namespace CrmSync.SyncAgent.Engine;

/// <summary>Which way records of an <see cref="EntityKind"/> travel.</summary>
internal enum KindDirection
{
    /// <summary>Both ways, field by field, with the collision rule (persons: lead and contact, DESIGN B1–B15).</summary>
    TwoWay = 0,

    /// <summary>Dynamics → Marketo only (companies, opportunities, DESIGN B16): Marketo edits are never read back.</summary>
    ToMarketo,
}
