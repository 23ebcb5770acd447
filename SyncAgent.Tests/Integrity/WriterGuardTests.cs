using System.Globalization;
using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using CrmSync.SyncAgent.Tests.Reliability;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>Issue 18 item 5: one writer per state, across threads and processes, and a second one told who writes.</summary>
public sealed class WriterGuardTests : IDisposable
{
    private readonly StateFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task AcquireWriterAsync_HeldByAnotherStore_WaitsThenNamesTheHolder()
    {
        var file = await _files.CreateAsync();
        await using var first = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System, TimeSpan.FromMilliseconds(300));
        await using var second = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System, TimeSpan.FromMilliseconds(300));
        await first.InitializeAsync();
        await second.InitializeAsync();

        var held = await first.AcquireWriterAsync("cycle");
        var busy = await Assert.ThrowsAsync<StateWriterBusyException>(() => second.AcquireWriterAsync("sync-person 7"));
        await held.DisposeAsync();
        await using var after = await second.AcquireWriterAsync("sync-person 7");

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"process {Environment.ProcessId}"), busy.Message, StringComparison.Ordinal);
        Assert.Contains("(cycle, since", busy.Message, StringComparison.Ordinal);
        Assert.Contains("CrmSync:State:WriterWait", busy.Message, StringComparison.Ordinal);
        Assert.False(busy.IsFatal);
    }

    [Fact]
    public async Task AcquireWriterAsync_ReleasedWithinTheWait_SecondWriterProceeds()
    {
        var file = await _files.CreateAsync();
        await using var first = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System, TimeSpan.FromSeconds(20));
        await using var second = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System, TimeSpan.FromSeconds(20));
        await first.InitializeAsync();
        await second.InitializeAsync();
        var held = await first.AcquireWriterAsync("cycle");

        var waiting = second.AcquireWriterAsync("cycle");
        await Task.Delay(200);
        var waitedWhileHeld = !waiting.IsCompleted;
        await held.DisposeAsync();
        await using var acquired = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(waitedWhileHeld, "the second writer did not wait for the first");
    }

    /// <summary>
    /// Across processes: the test holds the guard as the service's cycle would; <c>crmsync sync --once</c> as a real child
    /// process on the same state waits its WriterWait, then exits 1 naming this process, and writes nothing.
    /// </summary>
    [Fact]
    public async Task SyncOnce_AnotherProcessWrites_ExitsOneNamingIt()
    {
        var file = await _files.CreateAsync();
        await using var service = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System);
        await service.InitializeAsync();
        await using var held = await service.AcquireWriterAsync("cycle");
        var settings = new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://org.crm.dynamics.com",
            ["CrmSync:Dataverse:AccessToken"] = "token",
            ["CrmSync:Marketo:BaseUrl"] = "https://123-abc-456.mktorest.com",
            ["CrmSync:Marketo:ClientId"] = "id",
            ["CrmSync:Marketo:ClientSecret"] = "secret",
            ["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file),
            ["CrmSync:State:WriterWait"] = "00:00:01",
        };

        using var child = AgentProcess.Start(_files.Folder, settings, "sync", "--once");
        var exitCode = await child.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exitCode == ExitCodes.Failure, $"exit {exitCode}: {child.Output}");
        Assert.Contains("Another crmsync is writing this state", child.Output, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"process {Environment.ProcessId}"), child.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", child.Output, StringComparison.Ordinal);
        Assert.Empty(await service.GetRecentCyclesAsync(5));
    }
}
