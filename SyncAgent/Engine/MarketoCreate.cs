namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A create-or-update by e-mail for an unlinked Dynamics record (Sync Leads <c>createOrUpdate</c>, lookup
/// <c>email</c>), so an existing person with that e-mail is matched, not duplicated. Once Marketo answers with
/// the person's id, the cycle links it (<see cref="LinkFor"/>) and stores <see cref="Shadows"/>.
/// </summary>
/// <param name="Record">The Dynamics record to link.</param>
/// <param name="Email">The e-mail value (also among <paramref name="Fields"/>).</param>
/// <param name="Fields">Every mapped field the record provided.</param>
internal sealed record MarketoCreate(RecordKey Record, FieldValue Email, IReadOnlyList<PlannedField> Fields)
{
    /// <summary>
    /// The deleted-in-Dynamics field to set false on the matched or created person: a person linked again (same e-mail
    /// created again in Dynamics) is no longer marked deleted. Null when the field is not configured.
    /// </summary>
    public string? ClearsDeletedField { get; init; }

    /// <summary>The link to store once Marketo returned <paramref name="marketoId"/>.</summary>
    public Link LinkFor(long marketoId) => new(marketoId, Record);

    /// <summary>The shadows to store once this write landed as <paramref name="marketoId"/>.</summary>
    public IEnumerable<ShadowValue> Shadows(long marketoId) => PlanShadows.Of(marketoId, Fields);
}
