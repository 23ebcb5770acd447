namespace CrmSync.SyncAgent.Dataverse.Operations;

/// <summary>How a create-only upsert ended.</summary>
internal enum CreateOutcome
{
    /// <summary>The record was created with the chosen id.</summary>
    Created,

    /// <summary>A record with the chosen id already existed (412); nothing was written.</summary>
    AlreadyExists,
}
