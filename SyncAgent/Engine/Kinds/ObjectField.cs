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

    /// <summary>
    /// A choice column shown as a Marketo Boolean: true when its value is one of these (e.g. <c>isWon</c> ←
    /// <c>statecode</c> 1); null for a plain field. Several fields may read the same column this way.
    /// </summary>
    public IReadOnlyList<int>? TrueWhen { get; init; }

    /// <summary>How the Dynamics value is read: a <see cref="TrueWhen"/> field reads the choice's number.</summary>
    public FieldKind ReadKind => TrueWhen is null ? Kind : FieldKind.Number;

    /// <summary>How the value is written to Marketo: a choice goes as its label (text), a <see cref="TrueWhen"/> field as a Boolean.</summary>
    public FieldKind MarketoKind => TrueWhen is not null ? FieldKind.Boolean : Kind == FieldKind.OptionSet ? FieldKind.Text : Kind;
}
