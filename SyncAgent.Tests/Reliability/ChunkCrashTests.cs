using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// Bounded cycles (DESIGN B22) under a real crash: the agent process (<c>crmsync sync --once</c>, ChunkSize 5) is
/// SIGKILLed once its first chunk has committed (the stored Marketo token moved), then started again. Counted by the
/// Dataverse emulator: the 30 contacts' updates are written once each, plus at most one chunk (5) again.
/// </summary>
[Trait("Category", "CrashConsistency")]
public sealed class ChunkCrashTests
{
    private const int Persons = 30;
    private const int ChunkSize = 5;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task SyncOnce_KilledAfterChunk1Committed_RestartRepeatsAtMostOneChunk()
    {
        await using var sut = await SyncHarness.StartAsync(settings => settings["CrmSync:Sync:ChunkSize"] = ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var contacts = Enumerable.Range(0, Persons)
            .Select(i => sut.CreateAsMaker("contact", ("lastname", $"Crash{i}"), ("emailaddress1", $"crash{i}@example.com")))
            .ToList();
        await sut.RunCycleAsync();
        await sut.RunCycleAsync();
        var persons = new List<long>();
        foreach (var contact in contacts)
        {
            persons.Add(await sut.LinkedPersonAsync("contact", contact));
        }

        for (var i = 0; i < Persons; i++)
        {
            sut.EditInMarketo(persons[i], ("city", $"City {i}"));
        }

        var token = await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken);
        var settings = sut.Settings;
        var directory = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings["CrmSync:State:ConnectionString"]).DataSource)!;
        // Every call waits 100 ms, so a chunk (a page read, a $batch, a commit) lasts long enough to be killed inside the next.
        sut.Dataverse.Admin.Faults = new FaultSettings { DelayRate = 1, Delay = TimeSpan.FromMilliseconds(100) };
        sut.Marketo.Admin.Faults.Delay = TimeSpan.FromMilliseconds(100);
        var updatesBefore = sut.Dataverse.Admin.Counters.Updates;

        bool killed;
        using (var first = AgentProcess.Start(directory, settings, "sync", "--once"))
        {
            killed = await KillOnceTokenMovesAsync(first, directory, token);
            Assert.True(killed, "The first chunk did not commit before the cycle ended: " + first.Output);
        }

        var afterKill = sut.Dataverse.Admin.Counters.Updates - updatesBefore;
        sut.Dataverse.Admin.Faults = new FaultSettings();
        sut.Marketo.Admin.Faults.Clear();
        using (var again = AgentProcess.Start(directory, settings, "sync", "--once"))
        {
            Assert.True(await again.WaitAsync(ProcessTimeout) == 0, again.Output);
        }

        var updates = sut.Dataverse.Admin.Counters.Updates - updatesBefore;
        Assert.InRange(afterKill, ChunkSize, Persons - 1);
        Assert.InRange(updates, Persons, Persons + ChunkSize);
        for (var i = 0; i < Persons; i++)
        {
            Assert.Equal($"City {i}", sut.DynamicsValue("contact", contacts[i], "address1_city"));
        }
    }

    /// <summary>Polls the agent's state file (bounded) and SIGKILLs the process as soon as the stored Marketo token moved.</summary>
    private static async Task<bool> KillOnceTokenMovesAsync(AgentProcess agent, string directory, string? token)
    {
        var file = Directory.GetFiles(directory, "*.db").Single();
        for (var poll = 0; poll < 1200; poll++)
        {
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT value FROM cursors WHERE name = $name";
                command.Parameters.AddWithValue("$name", CursorNames.MarketoPagingToken);
                if (await command.ExecuteScalarAsync() is string stored && stored != token)
                {
                    return await agent.KillAfterAsync(TimeSpan.Zero);
                }
            }

            if (agent.HasExited)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return false;
    }
}
