namespace CrmSync.SyncAgent.Dataverse.Staging;

/// <summary>The type of a staged value (see <c>CrmSync.Staging.ChangeValueJson</c>).</summary>
internal enum ChangeValueKind
{
    Null,
    String,
    Number,
    Boolean,
    OptionSet,
    Money,
    Reference,
}
