using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Health;

/// <summary>
/// Issue 18 (minor): <c>crmsync status</c> shows how many accepted sync-person requests are kept in the state, unfinished,
/// and the oldest one's age, so a request the webhook answered "kept" (202) is visible until a cycle carries it out.
/// </summary>
public sealed class StatusKeptRequestsTests
{
    [Fact]
    public async Task Status_TwoKeptRequests_ShowsTheCountAndTheOldestsAge()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        await using var sut = await SyncHarness.StartAsync(time: time);
        // The harness's own store keeps real time; this one, over the same state file, runs on the test's clock.
        await using var state = new SqliteStateStore(sut.Settings["CrmSync:State:ConnectionString"]!, time);
        // Two requests accepted (reservations committed) whose creates did not finish: Dynamics was down, say.
        await state.ReservePersonRecordAsync(41, SyncEntity.Lead);
        time.Advance(TimeSpan.FromSeconds(45));
        await state.ReservePersonRecordAsync(42, SyncEntity.Contact);
        time.Advance(TimeSpan.FromSeconds(105));
        var reporter = new StatusReporter(state, sut.Services.GetRequiredService<DataverseClient>(), sut.Services.GetRequiredService<IOptions<SyncOptions>>(),
            sut.Services.GetRequiredService<IOptions<MarketoOptions>>(), time);

        var snapshot = await reporter.GetAsync(null, CancellationToken.None);
        var text = Render(snapshot);
        var json = StatusJson.ToJson(snapshot)["backlog"]!["keptSyncPersonRequests"]!;

        Assert.Equal(["Sync-person requests kept (accepted, not finished)", "2", "2026-12-03 09:00:00 (2 min 30 s ago)", "-", "-"], KeptRow(text));
        Assert.Equal((2, 150.0), ((int)json["count"]!, (double)json["oldestAgeSeconds"]!));
    }

    [Fact]
    public async Task Status_NoKeptRequest_ShowsZeroAndNoAge()
    {
        await using var sut = await SyncHarness.StartAsync();

        var snapshot = await sut.Services.GetRequiredService<StatusReporter>().GetAsync(null, CancellationToken.None);
        var json = StatusJson.ToJson(snapshot)["backlog"]!["keptSyncPersonRequests"]!;

        Assert.Equal(["Sync-person requests kept (accepted, not finished)", "0", "-", "-", "-"], KeptRow(Render(snapshot)));
        Assert.Equal((0, (JsonNode?)null), ((int)json["count"]!, json["oldestAgeSeconds"]));
    }

    /// <summary>The cells of the kept-requests row of the backlog table.</summary>
    private static string[] KeptRow(string text)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.Contains("Sync-person requests kept", StringComparison.Ordinal));
        Assert.True(line is not null, text);
        return [.. line.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0)];
    }

    private static string Render(StatusSnapshot snapshot)
    {
        using var writer = new StringWriter();
        StatusView.Render(ConsoleFactory.Create(writer), snapshot);
        return writer.ToString();
    }
}
