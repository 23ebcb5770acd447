namespace CrmSync.SyncAgent.Engine;

/// <summary>One field to write: the mapping (both names) and the value.</summary>
/// <param name="Map">The field mapping; write <see cref="FieldMap.Dynamics"/> to Dynamics, <see cref="FieldMap.Marketo"/> to Marketo.</param>
/// <param name="Value">The canonical value to write (and to keep as the shadow).</param>
internal readonly record struct PlannedField(FieldMap Map, FieldValue Value)
{
    /// <summary>
    /// The value Marketo is sent, as the engine translated it (<see cref="FieldTypes.ToMarketo"/>: a choice as its label);
    /// null on a field not planned for Marketo. Only <see cref="ForMarketo"/> sets it, so a value the engine could not
    /// translate is a rejection and never reaches a Marketo write (DESIGN B7, B14).
    /// </summary>
    public FieldValue? MarketoValue { get; private init; }

    /// <summary>A field planned for Marketo: <paramref name="value"/> kept as the shadow, <paramref name="translated"/> sent.</summary>
    /// <exception cref="ArgumentException"><paramref name="translated"/> was refused: the caller must plan a rejection instead.</exception>
    public static PlannedField ForMarketo(FieldMap map, FieldValue value, Translation translated)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!translated.Succeeded)
        {
            throw new ArgumentException($"Field '{map.Marketo}' was refused ({translated.Problem}); plan a rejection, not a write.", nameof(translated));
        }

        return new PlannedField(map, value) { MarketoValue = translated.Value };
    }
}
