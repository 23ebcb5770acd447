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
/// <param name="Severity">How serious it is.</param>
/// <param name="Table">The Dynamics table: <c>lead</c>, <c>contact</c>, or a one-way kind's (e.g. <c>account</c>).</param>
/// <param name="Dynamics">The Dynamics column.</param>
/// <param name="Marketo">The Marketo field (of the person, or of the one-way kind's object).</param>
/// <param name="Message">What is wrong, naming the column or field.</param>
internal sealed record MappingFinding(FindingSeverity Severity, string Table, string Dynamics, string Marketo, string Message);
