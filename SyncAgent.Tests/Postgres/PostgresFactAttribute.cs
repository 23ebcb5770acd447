namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>A fact that needs a real PostgreSQL: skipped, with the reason, where the server binaries are missing.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when PostgreSQL cannot run here.</summary>
    public PostgresFactAttribute()
    {
        Skip = PostgresBinaries.SkipReason!;
    }
}
