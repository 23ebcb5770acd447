namespace CrmSync.SyncAgent.Engine;

/// <summary>Everything known about one field of one linked person in one cycle: the input of <see cref="FieldDecider"/>.</summary>
/// <param name="HasShadow">Whether an agreed value is known (a value can be an echo only then).</param>
/// <param name="Shadow">The last agreed value.</param>
/// <param name="CrmChanged">Whether Dynamics reported the field.</param>
/// <param name="Crm">The Dynamics value reported.</param>
/// <param name="CrmChangedOn">When Dynamics changed it.</param>
/// <param name="MarketoChanged">Whether Marketo reported the field.</param>
/// <param name="Marketo">The Marketo value reported.</param>
/// <param name="MarketoChangedOn">When Marketo changed it.</param>
internal readonly record struct FieldState(
    bool HasShadow,
    FieldValue Shadow,
    bool CrmChanged,
    FieldValue Crm,
    DateTimeOffset CrmChangedOn,
    bool MarketoChanged,
    FieldValue Marketo,
    DateTimeOffset MarketoChangedOn)
{
    /// <summary>Whether Dynamics reported a real change: a value equal to the shadow is an echo, not a change.</summary>
    public bool CrmIsChange => CrmChanged && !(HasShadow && Crm == Shadow);

    /// <summary>Whether Marketo reported a real change: a value equal to the shadow is an echo, not a change.</summary>
    public bool MarketoIsChange => MarketoChanged && !(HasShadow && Marketo == Shadow);
}
