using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Telemetry;

/// <summary>Runs alone: the agent's meter is process-wide, and a test running cycles beside it would add to the counts.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>Issue 15, metrics (B20): <c>/metrics</c> on the agent's listener, behind the status key, after a cycle against the emulators.</summary>
[Collection(nameof(MetricsCollection))]
public sealed partial class MetricsEndpointTests
{
    private const string StatusKey = "status-key-0123456789";

    [Fact]
    public async Task Metrics_AfterOneCycle_CountsTheCycleTheRecordsAndTheCalls()
    {
        await using var harness = await SyncHarness.StartAsync();
        harness.CreateAsMaker("contact", ("lastname", "Metric"), ("emailaddress1", "metric@example.com"));
        var settings = harness.Settings;
        settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
        settings["CrmSync:Http:StatusKey"] = StatusKey;
        var (app, client) = await InProcessAgent.StartWebAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var _ = app;
        using var __ = client;
        harness.Marketo.Admin.ResetRequestLog();

        var report = await app.Services.GetRequiredService<SyncCycle>().RunAsync(null, CancellationToken.None);
        Assert.True(report.Completed, report.Record.Message);
        using var refused = await client.GetAsync(new Uri(MetricsEndpoint.Path, UriKind.Relative));
        client.DefaultRequestHeaders.Add(AgentEndpoints.StatusKeyHeader, StatusKey);
        var scrape = await client.GetStringAsync(new Uri(MetricsEndpoint.Path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, Value(scrape, "crmsync_cycles_total", ("outcome", "completed")));
        Assert.Equal(1, Value(scrape, "crmsync_cycle_duration_seconds_count", ("outcome", "completed")));
        Assert.Equal(1, Value(scrape, "crmsync_records_read_total", ("side", "dynamics")));
        Assert.Equal(1, Value(scrape, "crmsync_records_written_total", ("side", "marketo")));
        Assert.Equal(0, Value(scrape, "crmsync_rejections_total"));
        var marketoCalls = harness.Marketo.Admin.GetRequestLog().Count(r => r.Path.StartsWith("/rest/", StringComparison.Ordinal));
        Assert.Equal(marketoCalls, Sum(scrape, "crmsync_api_calls_total", ("service", "marketo"), ("outcome", "ok")));
        Assert.True(Sum(scrape, "crmsync_api_calls_total", ("service", "dataverse"), ("endpoint", "crmsync_syncevents")) >= 1);
    }

    [Fact]
    public async Task Metrics_StateGauges_LinkedRecordsPerEntityBacklogAndOldestPendingAge()
    {
        await using var harness = await SyncHarness.StartAsync();
        harness.CreateAsMaker("contact", ("lastname", "One"), ("emailaddress1", "gauge1@example.com"));
        harness.CreateAsMaker("contact", ("lastname", "Two"), ("emailaddress1", "gauge2@example.com"));
        harness.CreateAsMaker("lead", ("lastname", "Three"), ("emailaddress1", "gauge3@example.com"));
        Assert.True((await harness.RunCycleAsync()).Completed);
        var pending = harness.CreateAsMaker("contact", ("lastname", "Pending"), ("emailaddress1", "gauge4@example.com"));
        harness.UpdateAsMaker("contact", pending, ("jobtitle", "Waiting"));
        var staged = harness.Dataverse.Admin.GetRecords("crmsync_syncevent");
        Assert.Equal(2, staged.Count);
        var oldest = staged.Select(r => new DateTimeOffset(DateTime.SpecifyKind((DateTime)r["crmsync_changedon"]!, DateTimeKind.Utc))).Min();
        var settings = harness.Settings;
        settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
        settings["CrmSync:Http:StatusKey"] = StatusKey;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(oldest.AddSeconds(90));
        var (app, client) = await InProcessAgent.StartWebAsync(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), services => services.AddSingleton<TimeProvider>(clock));
        await using var _ = app;
        using var __ = client;
        client.DefaultRequestHeaders.Add(AgentEndpoints.StatusKeyHeader, StatusKey);

        var scrape = await client.GetStringAsync(new Uri(MetricsEndpoint.Path, UriKind.Relative));

        Assert.Equal(2, Value(scrape, "crmsync_linked_records", ("entity", "contact")));
        Assert.Equal(1, Value(scrape, "crmsync_linked_records", ("entity", "lead")));
        Assert.Equal(2, Value(scrape, "crmsync_backlog", ("side", "dynamics")));
        Assert.Equal(90, Value(scrape, "crmsync_backlog_oldest_age_seconds", ("side", "dynamics")));
    }

    /// <summary>The one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    private static double Value(string scrape, string name, params (string Key, string Value)[] labels) =>
        Assert.Single(Samples(scrape, name, labels));

    private static double Sum(string scrape, string name, params (string Key, string Value)[] labels) => Samples(scrape, name, labels).Sum();

    private static IEnumerable<double> Samples(string scrape, string name, (string Key, string Value)[] labels)
    {
        foreach (Match match in SampleLine().Matches(scrape))
        {
            if (match.Groups["name"].Value != name)
            {
                continue;
            }

            var text = match.Groups["labels"].Value;
            if (labels.All(l => text.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                yield return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)( \d+)?$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
