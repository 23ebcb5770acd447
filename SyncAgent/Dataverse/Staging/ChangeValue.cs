using System.Globalization;

namespace CrmSync.SyncAgent.Dataverse.Staging;

/// <summary>
/// One typed value from a staging row's <c>crmsync_changes</c>. Exactly the member matching <see cref="Kind"/> is set.
/// A date is staged as an ISO-8601 UTC string and stays a <see cref="ChangeValueKind.String"/> (a text column may hold
/// the same characters); the field's mapped kind decides whether it is read as a date.
/// </summary>
internal sealed record ChangeValue
{
    private ChangeValue(ChangeValueKind kind) => Kind = kind;

    public ChangeValueKind Kind { get; }

    public string? String { get; private init; }

    public decimal? Number { get; private init; }

    public bool? Boolean { get; private init; }

    public int? OptionSet { get; private init; }

    public decimal? Money { get; private init; }

    /// <summary>The lookup target for <see cref="ChangeValueKind.Reference"/>.</summary>
    public (string Entity, Guid Id)? Reference { get; private init; }

    public static ChangeValue Null { get; } = new(ChangeValueKind.Null);

    public static ChangeValue FromString(string value) => new(ChangeValueKind.String) { String = value };

    public static ChangeValue FromNumber(decimal value) => new(ChangeValueKind.Number) { Number = value };

    public static ChangeValue FromBoolean(bool value) => new(ChangeValueKind.Boolean) { Boolean = value };

    public static ChangeValue FromOptionSet(int value) => new(ChangeValueKind.OptionSet) { OptionSet = value };

    public static ChangeValue FromMoney(decimal value) => new(ChangeValueKind.Money) { Money = value };

    public static ChangeValue FromReference(string entity, Guid id) => new(ChangeValueKind.Reference) { Reference = (entity, id) };

    /// <summary>
    /// An invariant text form, for comparison with the other side's values and for logs. Numbers drop trailing
    /// zeros (12.50 and 12.5 are the same value), so text equality is value equality.
    /// </summary>
    public override string ToString() => Kind switch
    {
        ChangeValueKind.Null => "",
        ChangeValueKind.String => String!,
        ChangeValueKind.Number => Number!.Value.ToString("G29", CultureInfo.InvariantCulture),
        ChangeValueKind.Boolean => Boolean!.Value ? "true" : "false",
        ChangeValueKind.OptionSet => OptionSet!.Value.ToString(CultureInfo.InvariantCulture),
        ChangeValueKind.Money => Money!.Value.ToString("G29", CultureInfo.InvariantCulture),
        ChangeValueKind.Reference => $"{Reference!.Value.Entity}:{Reference.Value.Id:D}",
        _ => "",
    };
}
