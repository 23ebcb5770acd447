using System.Diagnostics;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>A temporary folder with SQLite state files for the integrity tests; removed (attributes cleared) on dispose.</summary>
internal sealed class StateFiles : IDisposable
{
    private readonly List<string> _immutable = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("crmsync-integrity-").FullName;

    public string PathOf(string name = "state.db") => Path.Combine(Folder, name);

    public static string ConnectionString(string file) => $"Data Source={file}";

    /// <summary>A state file with <paramref name="rejections"/> rejections and <paramref name="links"/> links, closed and checkpointed.</summary>
    public async Task<string> CreateAsync(string name = "state.db", int rejections = 0, int links = 0)
    {
        var file = PathOf(name);
        await using (var store = new SqliteStateStore(ConnectionString(file), TimeProvider.System))
        {
            await store.InitializeAsync();
            await using var transaction = await store.BeginAsync();
            for (var i = 0; i < rejections; i++)
            {
                await transaction.AddRejectionAsync(new Rejection
                {
                    Direction = SyncDirection.ToDynamics,
                    Operation = "update",
                    MarketoId = 1000 + i,
                    Message = $"Rejected value number {i} " + new string('x', 200),
                    OccurredOn = DateTimeOffset.UnixEpoch.AddMinutes(i),
                });
            }

            await transaction.AddLinksAsync(Enumerable.Range(1, links).Select(i => new Link(i, new RecordKey(SyncEntity.Contact, Guid.NewGuid()))));
            await transaction.CommitAsync();
        }

        // The last connection closing checkpoints the WAL into the file and removes it.
        SqliteConnection.ClearAllPools();
        return file;
    }

    /// <summary>Makes <paramref name="path"/> read-only even for root (immutable attribute), or by mode when not root.</summary>
    public void MakeReadOnly(string path)
    {
        if (Environment.UserName == "root")
        {
            Run("chattr", "+i", path);
            _immutable.Add(path);
        }
        else if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Directory.Exists(path) ? UnixFileMode.UserRead | UnixFileMode.UserExecute : UnixFileMode.UserRead);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in _immutable)
        {
            Run("chattr", "-i", path);
        }

        foreach (var path in OperatingSystem.IsWindows() ? [] : Directory.EnumerateFileSystemEntries(Folder, "*", SearchOption.AllDirectories).Prepend(Folder))
        {
            if (OperatingSystem.IsWindows())
            {
                break;
            }

            File.SetUnixFileMode(path, Directory.Exists(path) ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(Folder, recursive: true);
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        Assert.True(process.WaitForExit(10_000), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
    }
}
