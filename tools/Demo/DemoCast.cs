namespace CrmSync.Demo;

/// <summary>The demo's sample people: Dynamics record ids and the Marketo persons they are linked to.</summary>
internal sealed class DemoCast
{
    public Guid AdaLead { get; set; }

    public Guid LinusLead { get; set; }

    public Guid GraceContact { get; set; }

    public Guid AlanContact { get; set; }

    /// <summary>The Marketo person seeded with Alan's email before the first run.</summary>
    public long AlanSeeded { get; set; }

    /// <summary>The webinar sign-up, in Marketo only until sync-person.</summary>
    public long Katherine { get; set; }

    public long Ada { get; set; }

    public long Linus { get; set; }

    public long Grace { get; set; }

    public long Alan { get; set; }
}
