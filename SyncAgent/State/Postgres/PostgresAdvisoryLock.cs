using System.Globalization;
using Npgsql;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>
/// A PostgreSQL session advisory lock held on a connection of its own: the single-writer guard of a pair's state (and
/// the sync-person reservation's) across processes and hosts. The server drops it when the holder's connection dies, so
/// a killed agent never leaves it behind; the lease fence still guards the commits of a holder that was only paused.
/// </summary>
internal sealed class PostgresAdvisoryLock : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly NpgsqlConnection connection;
    private readonly string key;

    private PostgresAdvisoryLock(NpgsqlConnection connection, string key)
    {
        this.connection = connection;
        this.key = key;
    }

    /// <summary>
    /// Takes the lock named <paramref name="key"/>, waiting at most <paramref name="wait"/>, else <see cref="StateWriterBusyException"/>.
    /// When the first try finds it taken, <paramref name="whenBusy"/> (if any) runs once on the waiting connection with the key.
    /// </summary>
    public static async Task<PostgresAdvisoryLock> AcquireAsync(
        NpgsqlDataSource dataSource, string key, TimeSpan wait, TimeProvider timeProvider, CancellationToken cancellationToken,
        Func<NpgsqlConnection, string, CancellationToken, Task>? whenBusy = null)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var deadline = timeProvider.GetUtcNow() + wait;
            for (var attempt = 0; ; attempt++)
            {
                if (attempt == 1 && whenBusy is not null)
                {
                    await whenBusy(connection, key, cancellationToken).ConfigureAwait(false);
                }

                await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext($1))", connection) { Parameters = { new() { Value = key } } })
                {
                    if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                    {
                        return new PostgresAdvisoryLock(connection, key);
                    }
                }

                if (timeProvider.GetUtcNow() >= deadline)
                {
                    throw new StateWriterBusyException(string.Create(CultureInfo.InvariantCulture,
                        $"Another crmsync is writing this state (PostgreSQL advisory lock '{key}'). Waited {wait.TotalSeconds:0} s (CrmSync:State:WriterWait); run the command again when it has finished."));
                }

                await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", connection) { Parameters = { new() { Value = key } } };
            await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and the server dropped the lock with it.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
