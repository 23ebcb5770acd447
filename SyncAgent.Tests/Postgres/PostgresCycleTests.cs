using System.Diagnostics;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Real cycles (both emulators, the real plug-in) on the PostgreSQL store, and the PostgreSQL work they cost: every
/// statement the store sends is counted through Npgsql's ActivitySource and printed (README "Running several agents").
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCycleTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Cycles_OnPostgres_LinkCopyAndIdleWithoutStateWrites()
    {
        var database = await postgres.Cluster.CreateDatabaseAsync("cycle");
        await using var sut = await SyncHarness.StartAsync(decorateState: _ => new PostgresStateStore(database, TimeProvider.System, "default"));
        var contacts = Enumerable.Range(1, 20)
            .Select(i => sut.CreateAsMaker("contact", ("lastname", $"Pg{i}"), ("emailaddress1", $"pg{i}@example.com"), ("telephone1", "100")))
            .ToList();
        using var statements = new StatementCounter();

        await sut.RunCycleAsync();
        var first = statements.Take();
        foreach (var contact in contacts.Take(10))
        {
            sut.UpdateAsMaker("contact", contact, ("telephone1", "200"));
        }

        await sut.RunCycleAsync();
        var changed = statements.Take();
        await sut.RunCycleAsync();
        var idle = statements.Take();

        output.WriteLine($"first run of 20 contacts: {first.Count} statements: {Summary(first)}");
        output.WriteLine($"10 Dynamics changes: {changed.Count} statements: {Summary(changed)}");
        output.WriteLine($"idle: {idle.Count} statements: {Summary(idle)}");
        Assert.Equal(20, await sut.State.CountLinksAsync());
        var person = await sut.LinkedPersonAsync("contact", contacts[0]);
        Assert.Equal("200", sut.MarketoValue(person, "phone"));
        Assert.DoesNotContain(idle, s => s.StartsWith("INSERT INTO shadows", StringComparison.Ordinal) || s.Contains("INSERT INTO links", StringComparison.Ordinal));
        Assert.Contains(changed, s => s.Contains("INSERT INTO shadows", StringComparison.Ordinal));
    }

    private static string Summary(IReadOnlyList<string> statements) =>
        string.Join(", ", statements.GroupBy(s => string.Join(' ', s.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Take(3)))
            .Select(g => $"{g.Count()}× {g.Key}"));

    /// <summary>Counts the statements Npgsql sends (one activity per command) until <see cref="Take"/>.</summary>
    private sealed class StatementCounter : IDisposable
    {
        private readonly ActivityListener listener;
        private readonly List<string> seen = [];

        public StatementCounter()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
                    lock (seen)
                    {
                        seen.Add(text);
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);
        }

        public IReadOnlyList<string> Take()
        {
            lock (seen)
            {
                var all = seen.ToList();
                seen.Clear();
                return all;
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
