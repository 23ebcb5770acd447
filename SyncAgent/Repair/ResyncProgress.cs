using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Repair;

/// <summary>
/// How far a resync got, kept in state (cursor <see cref="Resync.Cursor"/>) and committed with each page's writes, so
/// a resync that dies resumes after the last committed page when the same request runs again.
/// </summary>
internal sealed record ResyncProgress
{
    /// <summary>The request (<see cref="ResyncRequest.Fingerprint"/>).</summary>
    public required string Request { get; init; }

    /// <summary>The last Marketo id whose page was committed (persons go in Marketo id order).</summary>
    public long After { get; init; }

    /// <summary>Persons handled so far.</summary>
    public int Persons { get; init; }

    /// <summary>Persons with a value changed so far.</summary>
    public int Changed { get; init; }

    /// <summary>Values written so far.</summary>
    public int Values { get; init; }
}

/// <summary>Source-generated JSON for <see cref="ResyncProgress"/>.</summary>
[JsonSerializable(typeof(ResyncProgress))]
internal sealed partial class ResyncJsonContext : JsonSerializerContext;
