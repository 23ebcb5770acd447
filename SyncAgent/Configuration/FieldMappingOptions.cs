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

    /// <summary>How values compare: <c>text</c> (default; <c>email</c> for <c>emailaddress1</c>), <c>email</c>, <c>number</c>,
    /// <c>boolean</c>, <c>date</c>, <c>datetime</c>, <c>optionset</c>, <c>money</c>.</summary>
    public string? Type { get; set; }
}
