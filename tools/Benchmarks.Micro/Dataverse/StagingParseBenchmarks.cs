using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CrmSync.Benchmarks.Micro.Plugin;
using CrmSync.Staging;
using CrmSync.SyncAgent.Dataverse.Staging;

namespace CrmSync.Benchmarks.Micro.Dataverse;

/// <summary>
/// Parsing one Web API page of staging rows (the plug-in's own <c>crmsync_changes</c> JSON) into staging rows,
/// as the connector does for every page it drains. One operation is one row.
/// </summary>
[MemoryDiagnoser]
public class StagingParseBenchmarks
{
    private const int Rows = 5000;

    private byte[] _page = [];

    [GlobalSetup]
    public void Setup()
    {
        var workload = new PluginWorkload(Guid.NewGuid(), 1);
        workload.Plugin.Execute(workload.Provider);
        var changes = (string)workload.Service.Last![SyncEventTable.Changes];
        var rows = Enumerable.Range(0, Rows).Select(i => new Dictionary<string, object?>
        {
            ["@odata.etag"] = "W/\"" + (1000 + i) + "\"",
            [SyncEventTable.PrimaryIdAttribute] = Guid.NewGuid().ToString("D"),
            [SyncEventTable.Entity] = SyncedEntities.Contact,
            [SyncEventTable.RecordId] = Guid.NewGuid().ToString("D"),
            [SyncEventTable.Message] = SyncMessages.Update,
            [SyncEventTable.Changes] = changes,
            [SyncEventTable.ChangedOn] = "2025-03-14T09:26:53Z",
            [SyncEventTable.OriginatingLeadId] = null,
            [SyncEventTable.CorrelationId] = Guid.NewGuid().ToString("D"),
        });
        _page = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object> { ["value"] = rows.ToList() }));
        if (Parse() != Rows)
        {
            throw new InvalidOperationException("Every staged row must parse.");
        }
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "Staging page (5,000 rows) parse, per row")]
    public int Parse()
    {
        using var document = JsonDocument.Parse(_page);
        var parsed = 0;
        foreach (var element in document.RootElement.GetProperty("value").EnumerateArray())
        {
            if (StagingRowParser.Parse(element) is { PoisonReason: null, Changes.Count: > 0 })
            {
                parsed++;
            }
        }

        return parsed;
    }
}
