namespace CrmSync.SyncAgent.Engine;

/// <summary>An update of one linked Marketo person by id (Sync Leads <c>updateOnly</c>, lookup <c>id</c>).</summary>
/// <param name="Link">The link; <see cref="Link.MarketoId"/> is the person to update.</param>
/// <param name="Fields">The fields to set.</param>
internal sealed record MarketoUpdate(Link Link, IReadOnlyList<PlannedField> Fields)
{
    /// <summary>The shadows to store once this write landed.</summary>
    public IEnumerable<ShadowValue> Shadows() => PlanShadows.Of(Link.MarketoId, Fields);
}
