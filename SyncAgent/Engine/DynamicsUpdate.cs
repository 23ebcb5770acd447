namespace CrmSync.SyncAgent.Engine;

/// <summary>An update of one linked Dynamics record (one changeset).</summary>
/// <param name="Link">The link; <see cref="Link.Record"/> is the record to update.</param>
/// <param name="Fields">The attributes to set.</param>
internal sealed record DynamicsUpdate(Link Link, IReadOnlyList<PlannedField> Fields)
{
    /// <summary>The shadows to store once this write landed.</summary>
    public IEnumerable<ShadowValue> Shadows() => PlanShadows.Of(Link.MarketoId, Fields);
}
