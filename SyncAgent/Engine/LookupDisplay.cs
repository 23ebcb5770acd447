namespace CrmSync.SyncAgent.Engine;

/// <summary>What a lookup shows in Marketo (configuration <c>LookupValue</c>).</summary>
internal enum LookupDisplay
{
    /// <summary>The referenced record's primary e-mail (a user's <c>internalemailaddress</c>).</summary>
    Email = 0,

    /// <summary>The referenced record's name (a user's <c>fullname</c>, an account's <c>name</c>).</summary>
    Name,
}
