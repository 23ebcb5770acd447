namespace CrmSync.SyncAgent.Marketo;

/// <summary>The <c>action</c> of Sync Leads.</summary>
internal enum SyncLeadsAction
{
    /// <summary><c>createOrUpdate</c>: match on the lookup field, create when none matches.</summary>
    CreateOrUpdate,

    /// <summary><c>createOnly</c>: 1005 when a lead already exists.</summary>
    CreateOnly,

    /// <summary><c>updateOnly</c>: 1004 when no lead matches; the only action that accepts <c>id</c>.</summary>
    UpdateOnly,

    /// <summary><c>createDuplicate</c>.</summary>
    CreateDuplicate,
}
