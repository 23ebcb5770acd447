using System.Globalization;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Repair;

/// <summary>What <c>crmsync resync</c> repairs (DESIGN B18): which persons, which fields, from which side.</summary>
internal sealed record ResyncRequest
{
    /// <summary>Every linked person.</summary>
    public bool All { get; init; }

    /// <summary>Persons by e-mail (looked up in Marketo).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>Persons by Marketo id.</summary>
    public IReadOnlyList<long> MarketoIds { get; init; } = [];

    /// <summary>Persons by Dynamics lead or contact id.</summary>
    public IReadOnlyList<Guid> DynamicsIds { get; init; } = [];

    /// <summary>Persons whose record (<c>modifiedon</c>) or person (<c>updatedAt</c>) changed at or after this time.</summary>
    public DateTimeOffset? ChangedSince { get; init; }

    /// <summary>Marketo names of the fields to repair; empty for every mapped field.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>The side to copy from.</summary>
    public ResyncSource From { get; init; }

    /// <summary>Copy a blank source value over a non-blank target too (<c>--allow-blanking</c>); off, such values are kept and counted.</summary>
    public bool AllowBlanking { get; init; }

    /// <summary>Count and print only; write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Whether any persons are chosen.</summary>
    public bool ChoosesPersons => All || ChangedSince is not null || Emails.Count > 0 || MarketoIds.Count > 0 || DynamicsIds.Count > 0;

    /// <summary>The request as one line: the progress kept in state belongs to this exact request.</summary>
    public string Fingerprint() => string.Join(';',
        All ? "all" : "",
        string.Join(',', Emails.Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal)),
        string.Join(',', MarketoIds.Order().Select(i => i.ToString(CultureInfo.InvariantCulture))),
        string.Join(',', DynamicsIds.Order().Select(i => i.ToString("D"))),
        ChangedSince?.ToString("O", CultureInfo.InvariantCulture) ?? "",
        string.Join(',', Fields.Select(f => f.ToLowerInvariant()).Order(StringComparer.Ordinal)),
        From.ToString(),
        AllowBlanking ? "blanking" : "");
}
