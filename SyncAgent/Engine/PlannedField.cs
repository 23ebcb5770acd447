namespace CrmSync.SyncAgent.Engine;

/// <summary>One field to write: the mapping (both names) and the value.</summary>
/// <param name="Map">The field mapping; write <see cref="FieldMap.Dynamics"/> to Dynamics, <see cref="FieldMap.Marketo"/> to Marketo.</param>
/// <param name="Value">The canonical value to write (and to keep as the shadow).</param>
internal readonly record struct PlannedField(FieldMap Map, FieldValue Value)
{
    // What Marketo is sent: null (not planned for Marketo), SentAsIs (Value itself, the usual case: a `with` that
    // changes Value changes what is sent with it), or a boxed
    // FieldValue (a translated label). A reference instead of a FieldValue? keeps the struct at 40 bytes instead of 64:
    // a plan holds one per field written (tools/BENCHMARKS.md, "Planning regression").
    private static readonly object SentAsIs = new();
    private readonly object? marketo;

    private PlannedField(FieldMap map, FieldValue value, object marketo)
        : this(map, value)
    {
        this.marketo = marketo;
    }

    /// <summary>
    /// The value Marketo is sent, as the engine translated it (<see cref="FieldTypes.ToMarketo"/>: a choice as its label);
    /// null on a field not planned for Marketo. Only <see cref="ForMarketo"/> sets it, so a value the engine could not
    /// translate is a rejection and never reaches a Marketo write (DESIGN B7, B14).
    /// </summary>
    public FieldValue? MarketoValue => marketo switch
    {
        null => null,
        FieldValue translated => translated,
        _ => Value,
    };

    /// <summary>A field planned for Marketo: <paramref name="value"/> kept as the shadow, <paramref name="translated"/> sent.</summary>
    /// <exception cref="ArgumentException"><paramref name="translated"/> was refused: the caller must plan a rejection instead.</exception>
    public static PlannedField ForMarketo(FieldMap map, FieldValue value, Translation translated)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!translated.Succeeded)
        {
            throw new ArgumentException($"Field '{map.Marketo}' was refused ({translated.Problem}); plan a rejection, not a write.", nameof(translated));
        }

        return new PlannedField(map, value, translated.Value.IsIdenticalTo(value) ? SentAsIs : translated.Value);
    }

    /// <inheritdoc/>
    public bool Equals(PlannedField other) =>
        EqualityComparer<FieldMap>.Default.Equals(Map, other.Map) && Value == other.Value && MarketoValue == other.MarketoValue;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Map, Value, MarketoValue);
}
