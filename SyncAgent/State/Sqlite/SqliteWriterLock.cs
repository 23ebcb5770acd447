using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>
/// The SQLite store's single-writer guard (issue 18 item 5): a byte-range lock on <c>&lt;state file&gt;.lock</c>, which
/// the operating system releases when the holding process dies (no stale lock after a kill), plus one gate per file in
/// this process (several stores or threads of one process queue there first). The holder writes who it is into the
/// same file, past the locked byte, so a waiting writer can name it.
/// </summary>
internal sealed class SqliteWriterLock
{
    private const int HolderOffset = 1024;
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Holders = new(StringComparer.Ordinal);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly string _key;
    private readonly string? _lockPath;
    private readonly SemaphoreSlim _gate;
    private readonly TimeSpan _wait;
    private readonly TimeProvider _time;

    /// <param name="key">The state file's full path, or a unique name for an in-memory state (no lock file then).</param>
    /// <param name="isFile">Whether <paramref name="key"/> is a file path.</param>
    public SqliteWriterLock(string key, bool isFile, TimeSpan wait, TimeProvider time)
    {
        _key = key;
        _lockPath = isFile ? key + ".lock" : null;
        _gate = Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        _wait = wait;
        _time = time;
    }

    /// <summary>The lock file (null for an in-memory state).</summary>
    public string? LockPath => _lockPath;

    /// <summary>Takes the guard for <paramref name="purpose"/>, waiting at most the configured time.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string purpose, CancellationToken cancellationToken)
    {
        // Real time, not the injected clock: a fake clock that never moves must not turn this wait into a hang.
        var deadline = Environment.TickCount64 + (long)_wait.TotalMilliseconds;
        if (!await _gate.WaitAsync(_wait, cancellationToken).ConfigureAwait(false))
        {
            // Not the file: reading it would drop this process's lock on it (POSIX closes all of a process's locks).
            throw Busy(Holders.TryGetValue(_key, out var holder) ? holder : "another operation of this process");
        }

        try
        {
            var description = Describe(purpose);
            if (_lockPath is null)
            {
                Holders[_key] = description;
                return new Held(_gate, null);
            }

            while (true)
            {
                if (TryLock() is { } stream)
                {
                    WriteHolder(stream, description);
                    Holders[_key] = description;
                    return new Held(_gate, stream);
                }

                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    throw Busy(ReadHolder() ?? "another process");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(left, Poll.TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private FileStream? TryLock()
    {
        FileStream stream;
        try
        {
            // macOS has no byte-range locks in .NET: the whole file is opened exclusively there (flock), so a waiting
            // writer cannot read the holder's name, only that there is one.
            var share = OperatingSystem.IsMacOS() ? FileShare.None : FileShare.ReadWrite | FileShare.Delete;
            stream = new FileStream(_lockPath!, FileMode.OpenOrCreate, FileAccess.ReadWrite, share);
        }
        catch (IOException) when (OperatingSystem.IsMacOS())
        {
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StateStoreException($"The state's lock file '{_lockPath}' cannot be created or opened ({ex.Message}). The agent needs write access to the state file's folder.", ex);
        }

        if (OperatingSystem.IsMacOS())
        {
            return stream;
        }

        try
        {
            stream.Lock(0, 1);
            return stream;
        }
        catch (IOException)
        {
            stream.Dispose();
            return null;
        }
    }

    private string Describe(string purpose) => string.Create(
        CultureInfo.InvariantCulture,
        $"process {Environment.ProcessId} on {Environment.MachineName} ({purpose}, since {_time.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");

    private static void WriteHolder(FileStream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.SetLength(HolderOffset + bytes.Length);
        stream.Position = HolderOffset;
        stream.Write(bytes);
        stream.Flush();
    }

    private string? ReadHolder()
    {
        if (_lockPath is null)
        {
            return null;
        }

        try
        {
            // Called only while this process holds the gate, so no lock of this process on the file can be dropped.
            var bytes = File.ReadAllBytes(_lockPath);
            return bytes.Length > HolderOffset ? Encoding.UTF8.GetString(bytes, HolderOffset, bytes.Length - HolderOffset).TrimEnd('\0') : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private StateWriterBusyException Busy(string holder) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"Another crmsync is writing this state: {holder}. Waited {_wait.TotalSeconds:0} s (CrmSync:State:WriterWait); run the command again when it has finished{(_lockPath is null ? "." : $" (lock file '{_lockPath}').")}"));

    private sealed class Held(SemaphoreSlim gate, FileStream? stream) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            if (stream is not null)
            {
                if (!OperatingSystem.IsMacOS())
                {
                    stream.Unlock(0, 1);
                }

                await stream.DisposeAsync().ConfigureAwait(false);
            }

            gate.Release();
        }
    }
}
