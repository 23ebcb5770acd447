namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>One throw-away PostgreSQL cluster per test run, shared by the <see cref="PostgresCollection"/>; each test class makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly Dictionary<Type, Task<string>> databases = [];
    private PostgresCluster? cluster;

    /// <summary>The running cluster.</summary>
    public PostgresCluster Cluster => cluster ?? throw new InvalidOperationException(PostgresBinaries.SkipReason ?? "The cluster is not started.");

    /// <summary>The database of <paramref name="testClass"/>, created on first use (a fresh database per test class).</summary>
    public Task<string> DatabaseForAsync(Type testClass)
    {
        lock (databases)
        {
            if (!databases.TryGetValue(testClass, out var database))
            {
                databases[testClass] = database = Cluster.CreateDatabaseAsync();
            }

            return database;
        }
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        // Where PostgreSQL is missing every test of the collection is skipped at discovery; nothing to start.
        if (PostgresBinaries.SkipReason is null)
        {
            cluster = await PostgresCluster.StartAsync();
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}

/// <summary>The tests that share the run's PostgreSQL cluster (run one class after the other).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL";
}
