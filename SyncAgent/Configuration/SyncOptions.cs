using System.ComponentModel.DataAnnotations;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Sync</c>.</summary>
internal sealed class SyncOptions
{
    /// <summary>The wait from the end of one cycle to the start of the next (DESIGN B1).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "10675199.02:48:05.4775807", ErrorMessage = "CrmSync:Sync:Interval must be at least 00:00:05.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most persons a side one chunk of a cycle holds (DESIGN B22): each chunk is read, planned, written and
    /// committed on its own, so memory is bounded by it and a crash repeats at most one chunk's writes.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "CrmSync:Sync:ChunkSize must be a whole number of persons from 1 to 1000000, e.g. 20000.")]
    public int ChunkSize { get; set; } = 20_000;

    /// <summary>The language of the choice labels that travel to Marketo (DESIGN B14), e.g. 1033 (English).</summary>
    [Range(1, 65535, ErrorMessage = "CrmSync:Sync:LanguageCode must be a language code (LCID) such as 1033.")]
    public int LanguageCode { get; set; } = 1033;

    /// <summary>The field mapping; empty means the default mapping (<see cref="Engine.DefaultFieldMapping"/>).</summary>
    /// <remarks>Empty by default on purpose: the configuration binder appends to a pre-filled list.</remarks>
    public List<FieldMappingOptions> Fields { get; set; } = [];

    /// <summary>
    /// A Marketo Boolean field (REST name, e.g. <c>crmsyncDeletedInDynamics</c>) set to true on a person whose linked
    /// Dynamics record is deleted (DESIGN B17), and back to false when the person links again; empty: a delete only unlinks.
    /// </summary>
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]*$", ErrorMessage = "CrmSync:Sync:DeletedField must be a Marketo field's REST API name (letters, digits, underscore), e.g. crmsyncDeletedInDynamics.")]
    public string? DeletedField { get; set; }

    /// <summary>Accounts → Marketo companies, one way (DESIGN B16): <c>CrmSync:Sync:Accounts:Enabled</c> and <c>:Fields</c>.</summary>
    public ObjectKindOptions Accounts { get; set; } = new();

    /// <summary>Opportunities → Marketo opportunities and roles, one way (DESIGN B16): <c>CrmSync:Sync:Opportunities:Enabled</c>, <c>:Fields</c>, <c>:Role</c>.</summary>
    public OpportunityOptions Opportunities { get; set; } = new();
}
