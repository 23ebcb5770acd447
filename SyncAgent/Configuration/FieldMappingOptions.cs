namespace CrmSync.SyncAgent.Configuration;

/// <summary>One entry of <c>CrmSync:Sync:Fields</c>: a Marketo REST field ↔ a Dynamics attribute.</summary>
internal sealed class FieldMappingOptions
{
    /// <summary>The Marketo REST field name, e.g. <c>title</c>.</summary>
    public string? Marketo { get; set; }

    /// <summary>The Dynamics attribute logical name, e.g. <c>jobtitle</c>.</summary>
    public string? Dynamics { get; set; }

    /// <summary><c>lead</c> and/or <c>contact</c>; empty means both.</summary>
    public List<string> Entities { get; set; } = [];

    /// <summary>Collision override: null (entity rule), <c>dynamics</c>, <c>marketo</c> or <c>newest</c>.</summary>
    public string? Winner { get; set; }

    /// <summary>How values compare and translate: <c>text</c>, <c>email</c>, <c>number</c>, <c>boolean</c>, <c>date</c>,
    /// <c>datetime</c>, <c>optionset</c>, <c>multioptionset</c>, <c>money</c>, <c>lookup</c>; omitted → from the column's
    /// Dynamics metadata (<c>email</c> for <c>emailaddress1</c>).</summary>
    public string? Type { get; set; }

    /// <summary><c>both</c> (default), <c>toMarketo</c> or <c>toDynamics</c> (DESIGN B15).</summary>
    public string? Direction { get; set; }

    /// <summary>When true, a blank never overwrites a non-blank value on the other side.</summary>
    public bool KeepNonBlank { get; set; }

    /// <summary>When true, a value longer than the Dynamics column is cut instead of rejected.</summary>
    public bool Truncate { get; set; }

    /// <summary>For a lookup: <c>email</c> (default) or <c>name</c> of the referenced record.</summary>
    public string? LookupValue { get; set; }
}
