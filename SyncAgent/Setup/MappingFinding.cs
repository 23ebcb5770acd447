using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Setup;

/// <summary>How serious a mapping finding is.</summary>
internal enum FindingSeverity
{
    /// <summary>The field would sync, with a caveat (e.g. lengths differ).</summary>
    Warning,

    /// <summary>The field cannot sync as configured; <c>fields --check</c> exits 1.</summary>
    Error,
}

/// <summary>One problem of one mapped field.</summary>
internal sealed record MappingFinding(FindingSeverity Severity, SyncEntity Entity, string Dynamics, string Marketo, string Message);
