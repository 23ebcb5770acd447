namespace CrmSync.SyncAgent.Engine;

/// <summary>Identifies one Dynamics record: entity and id.</summary>
/// <param name="Entity">The record's table.</param>
/// <param name="Id">The record's primary key.</param>
internal readonly record struct RecordKey(SyncEntity Entity, Guid Id)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Entity.ToLogicalName()} {Id:D}";
}
