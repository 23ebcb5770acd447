namespace CrmSync.SyncAgent.Engine;

/// <summary>One field of a one-way kind: a Dynamics column → a Marketo object field.</summary>
/// <param name="Marketo">The Marketo field (e.g. <c>company</c> on a company).</param>
/// <param name="Dynamics">The Dynamics column (e.g. <c>name</c> on account).</param>
/// <param name="Kind">How values are canonicalised.</param>
internal sealed record ObjectField(string Marketo, string Dynamics, FieldKind Kind)
{
    /// <summary>The column's metadata (choice labels), once read; null before.</summary>
    public ColumnType? Column { get; init; }

    /// <summary>Whether <see cref="Kind"/> was not configured and comes from the column's metadata.</summary>
    public bool KindFromMetadata { get; init; }
}
