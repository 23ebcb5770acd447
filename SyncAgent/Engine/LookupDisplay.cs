namespace CrmSync.SyncAgent.Engine;

/// <summary>What a lookup shows in Marketo (configuration <c>LookupValue</c>).</summary>
internal enum LookupDisplay
{
    /// <summary>The referenced record's primary e-mail (a user's <c>internalemailaddress</c>).</summary>
    Email = 0,

    /// <summary>The referenced record's name (a user's <c>fullname</c>, an account's <c>name</c>).</summary>
    Name,

    /// <summary>
    /// The referenced record's id when its table is a one-way kind's (DESIGN B16): a contact's <c>parentcustomerid</c>
    /// account → the person's <c>externalCompanyId</c>, so the person shows its company's fields. Blank when the
    /// reference is to any other table (a parent contact).
    /// </summary>
    ExternalId,
}
