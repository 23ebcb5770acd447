using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;
using Microsoft.Extensions.Configuration;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Sync</c>.</summary>
internal sealed class SyncOptions
{
    /// <summary>The wait from the end of one cycle to the start of the next (DESIGN B1).</summary>
    [TimeSpanRange("00:00:05", "10675199.02:48:05.4775807", ErrorMessage = "CrmSync:Sync:Interval must be at least 00:00:05.")]
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

    // One section per one-way kind, named by its descriptor (EntityKind.Section: CrmSync:Sync:Accounts,
    // CrmSync:Sync:Opportunities): a method, not a property, so the binder leaves it to BindKinds.
    private readonly Dictionary<string, ObjectKindOptions> _kinds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The options of one-way <paramref name="kind"/> (<c>CrmSync:Sync:&lt;Section&gt;</c>); off when not configured.</summary>
    public ObjectKindOptions For(Engine.EntityKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Section is { } section && _kinds.TryGetValue(section, out var options) ? options : new();
    }

    /// <summary>Binds the section of every one-way kind of <see cref="Engine.EntityKinds.OneWay"/> from <paramref name="sync"/> (section <c>CrmSync:Sync</c>).</summary>
    public void BindKinds(IConfiguration sync)
    {
        ArgumentNullException.ThrowIfNull(sync);
        foreach (var kind in Engine.EntityKinds.OneWay.Where(k => k.Section is not null))
        {
            _kinds[kind.Section!] = sync.GetSection(kind.Section!).Get<ObjectKindOptions>() ?? new();
        }
    }
}
