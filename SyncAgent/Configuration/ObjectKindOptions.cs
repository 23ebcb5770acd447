namespace CrmSync.SyncAgent.Configuration;

/// <summary>
/// Section <c>CrmSync:Sync:&lt;kind&gt;</c> of a one-way kind (DESIGN B16), e.g. <c>CrmSync:Sync:Accounts</c>: whether it
/// syncs, and its fields (empty → the kind's default mapping, <see cref="Engine.EntityKind.DefaultFields"/>).
/// </summary>
internal sealed class ObjectKindOptions
{
    /// <summary>
    /// Whether the kind syncs. Off by default: instances with Marketo's native Dynamics sync disable the Companies API,
    /// and the plug-in steps stage accounts only after <c>crmsync fields --apply</c> with this on.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The fields; empty means the kind's default mapping.</summary>
    /// <remarks>Empty by default on purpose: the configuration binder appends to a pre-filled list.</remarks>
    public List<ObjectFieldOptions> Fields { get; set; } = [];

    /// <summary>
    /// For a kind with person roles (opportunities): the role's name for the contact's person (Marketo <c>role</c>, one of
    /// the role's dedupe fields; Dynamics has no role on the opportunity's customer to copy); not set → the kind's
    /// <see cref="Engine.EntityKind.DefaultRoleName"/>.
    /// </summary>
    public string? Role { get; set; }
}


/// <summary>One entry of <c>CrmSync:Sync:&lt;kind&gt;:Fields</c>: a Dynamics column → a Marketo object field.</summary>
internal sealed class ObjectFieldOptions
{
    /// <summary>The Marketo field, e.g. <c>company</c>.</summary>
    public string? Marketo { get; set; }

    /// <summary>The Dynamics column's logical name, e.g. <c>name</c>.</summary>
    public string? Dynamics { get; set; }

    /// <summary><c>text</c>, <c>number</c>, <c>money</c>, <c>boolean</c>, <c>date</c>, <c>datetime</c> or <c>optionset</c>
    /// (sent as its label); omitted → from the column's Dynamics metadata.</summary>
    public string? Type { get; set; }

    /// <summary>
    /// For a choice column shown as a Marketo Boolean: the choice values that mean true (e.g. <c>[1, 2]</c> on
    /// <c>statecode</c> for <c>isClosed</c>); empty for a plain field. Such a column may be mapped more than once.
    /// </summary>
    public List<int> TrueWhen { get; set; } = [];
}
