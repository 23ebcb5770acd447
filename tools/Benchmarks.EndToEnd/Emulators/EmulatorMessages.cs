using System.Text.Json;

namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>What the emulator process prints once both emulators listen.</summary>
internal sealed record EmulatorReady(string DataverseUrl, string DataverseToken, string MarketoUrl);

/// <summary>One command to the emulator process (one JSON line on its stdin).</summary>
internal sealed record EmulatorCommand(string Name, int From = 0, int Count = 0, int Round = 0);

/// <summary>Both emulators' call counters, as the servers counted them.</summary>
internal sealed record EmulatorCounters(
    long DataverseRequests, long DataverseThrottled, long MarketoRestCalls, long MarketoTokenRequests, IReadOnlyDictionary<string, long> MarketoErrors)
{
    /// <summary>Marketo's rate (606), concurrency (615) and quota (607) refusals.</summary>
    public long MarketoLimitErrors => new[] { "606", "607", "615" }.Sum(code => MarketoErrors.GetValueOrDefault(code));

    public static EmulatorCounters operator -(EmulatorCounters after, EmulatorCounters before) => new(
        after.DataverseRequests - before.DataverseRequests,
        after.DataverseThrottled - before.DataverseThrottled,
        after.MarketoRestCalls - before.MarketoRestCalls,
        after.MarketoTokenRequests - before.MarketoTokenRequests,
        after.MarketoErrors.ToDictionary(e => e.Key, e => e.Value - before.MarketoErrors.GetValueOrDefault(e.Key)));
}

/// <summary>The one reply to a command.</summary>
internal sealed record EmulatorReply(string? Error = null, string? File = null, EmulatorCounters? Counters = null, long Value = 0);

/// <summary>JSON settings of the protocol.</summary>
internal static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
