using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.State.Sqlite;

namespace CrmSync.SyncAgent.State;

/// <summary>Creates the configured <see cref="StateStore"/> (<c>CrmSync:State:Provider</c>).</summary>
internal static class StateStoreFactory
{
    /// <summary>The store of <paramref name="pair"/>: SQLite (one pair per file) or PostgreSQL (a schema per pair), not yet initialised.</summary>
    public static StateStore Create(StateOptions options, TimeProvider timeProvider, string pair = PairNames.Default, CommitFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsPostgres
            ? new PostgresStateStore(options.ConnectionString, timeProvider, pair, fence, writerWait: options.WriterWait)
            : new SqliteStateStore(options.ConnectionString, timeProvider, options.WriterWait);
    }
}
