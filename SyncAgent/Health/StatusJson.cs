using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Health;

/// <summary>The JSON shape of a <see cref="StatusSnapshot"/> (<c>crmsync status --json</c>, <c>/api/status</c>) and of rejections.</summary>
internal static class StatusJson
{
    public static JsonObject ToJson(StatusSnapshot status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new JsonObject
        {
            ["generatedOn"] = status.GeneratedOn,
            ["health"] = Health(status.Health),
            ["backlog"] = new JsonObject
            {
                ["dynamics"] = status.DynamicsBacklog is { } b
                    ? new JsonObject { ["pending"] = b.Count, ["countIsLowerBound"] = b.CountIsLowerBound, ["oldestChangedOn"] = b.OldestChangedOn }
                    : new JsonObject { ["error"] = status.DynamicsBacklogError },
                ["marketo"] = status.LastEndedCycle is { } last
                    ? new JsonObject { ["lastCycleEndedOn"] = last.EndedOn, ["changesReadLastCycle"] = last.MarketoRead }
                    : null,
                ["keptSyncPersonRequests"] = new JsonObject
                {
                    ["count"] = status.KeptPersonRequests.Count,
                    ["oldestAcceptedOn"] = status.KeptPersonRequests.OldestAcceptedOn,
                    ["oldestAgeSeconds"] = status.KeptPersonRequests.OldestAcceptedOn is { } on ? Math.Round((status.GeneratedOn - on).TotalSeconds) : null,
                },
            },
            ["lastHour"] = new JsonObject
            {
                ["cycles"] = status.LastHour.Cycles,
                ["crmRead"] = status.LastHour.CrmRead,
                ["marketoRead"] = status.LastHour.MarketoRead,
                ["crmWritten"] = status.LastHour.CrmWritten,
                ["marketoWritten"] = status.LastHour.MarketoWritten,
                ["rejections"] = status.LastHour.Rejections,
                ["errors"] = status.LastHour.Errors,
            },
            ["budget"] = new JsonObject
            {
                ["marketoCallsToday"] = status.Budget.MarketoCallsToday,
                ["marketoDailyQuota"] = status.Budget.MarketoDailyQuota,
                ["marketoShareLimit"] = status.Budget.MarketoShareLimit,
                ["dataverseCallsLast5Minutes"] = status.Budget.DataverseCallsLast5Minutes,
                ["dataverseLimitPer5Minutes"] = status.Budget.DataverseLimit,
                ["throttledLastHour"] = status.Budget.ThrottledLastHour,
            },
            ["cycles"] = new JsonArray([.. status.Cycles.Take(50).Select(Cycle)]),
            ["rejections"] = Rejections(status.Rejections),
        };
    }

    public static JsonObject Health(HealthReport health) => new()
    {
        ["status"] = health.Status,
        ["reason"] = health.Reason,
        ["lastOutcome"] = health.LastOutcome?.ToString().ToLowerInvariant(),
        ["lastCycleAgeSeconds"] = health.LastCycleAge is { } age ? Math.Round(age.TotalSeconds) : null,
    };

    public static JsonArray Rejections(IEnumerable<Rejection> rejections) => new([.. rejections.Select(Rejection)]);

    private static JsonNode Cycle(CycleRecord c) => new JsonObject
    {
        ["id"] = c.Id,
        ["startedOn"] = c.StartedOn,
        ["endedOn"] = c.EndedOn,
        ["outcome"] = c.Outcome.ToString().ToLowerInvariant(),
        ["durationSeconds"] = c.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : null,
        ["crmRead"] = c.CrmRead,
        ["marketoRead"] = c.MarketoRead,
        ["crmWritten"] = c.CrmWritten,
        ["marketoWritten"] = c.MarketoWritten,
        ["collisions"] = c.Collisions,
        ["rejections"] = c.Rejections,
        ["errors"] = c.Errors,
        ["dataverseCalls"] = c.DataverseCalls,
        ["marketoCalls"] = c.MarketoCalls,
        ["throttled"] = c.Throttled,
        ["message"] = c.Message,
    };

    private static JsonNode Rejection(Rejection r) => new JsonObject
    {
        ["id"] = r.Id,
        ["occurredOn"] = r.OccurredOn,
        ["direction"] = r.Direction == SyncDirection.ToDynamics ? "toDynamics" : "toMarketo",
        ["operation"] = r.Operation,
        ["entity"] = r.Record?.Entity.ToLogicalName(),
        ["recordId"] = r.Record?.Id,
        ["marketoId"] = r.MarketoId,
        ["fields"] = new JsonArray([.. r.Fields.Select(f => (JsonNode)new JsonObject { ["field"] = f.Field, ["value"] = f.Value.Text })]),
        ["errorCode"] = r.ErrorCode,
        ["message"] = r.Message,
        ["resolved"] = r.Resolved,
    };
}
