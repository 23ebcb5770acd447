namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>A state migration that cannot run (no source, a non-empty target, schemas that do not match).</summary>
internal sealed class StateMigrationException(string message) : InvalidOperationException(message);
