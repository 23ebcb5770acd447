using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a free loopback port
/// with the Unix socket in that folder (as the <c>postgres</c> user when the tests run as root), trust authentication
/// for the superuser <c>crmsync</c> on 127.0.0.1 only; <see cref="DisposeAsync"/> stops it and deletes the folder.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string binaries;
    private readonly string folder;
    private readonly IReadOnlyList<string> settings;
    private bool stopped = true;

    private PostgresCluster(string binaries, string folder, int port, IReadOnlyList<string> settings)
    {
        this.binaries = binaries;
        this.folder = folder;
        this.settings = settings;
        Port = port;
    }

    /// <summary>Whether the machine's PostgreSQL ships <c>pg_stat_statements</c> (its library next to the binaries).</summary>
    public static bool ShipsPgStatStatements =>
        PostgresBinaries.Directory is { } bin && File.Exists(Path.Combine(bin, "..", "lib", "pg_stat_statements.so"));

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string to database <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "crmsync", Database = database, Pooling = true, Timeout = 15 }.ToString();

    /// <summary>
    /// Creates and starts a cluster; throws with initdb's or the server's log when either fails. <paramref name="settings"/>
    /// are extra server settings (<c>name=value</c>, e.g. <c>shared_preload_libraries=pg_stat_statements</c>).
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(IReadOnlyList<string>? settings = null)
    {
        var binaries = PostgresBinaries.Directory ?? throw new InvalidOperationException(PostgresBinaries.SkipReason);
        var folder = System.IO.Directory.CreateTempSubdirectory("crmsync-pg-").FullName;
        var cluster = new PostgresCluster(binaries, folder, FreePort(), settings ?? []);
        try
        {
            if (PostgresBinaries.IsRoot)
            {
                await RunAsync("chown", ["-R", "postgres", folder]).ConfigureAwait(false);
            }

            await cluster.RunPgAsync("initdb", ["-D", cluster.DataDirectory, "-U", "crmsync", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]).ConfigureAwait(false);
            await cluster.StartServerAsync().ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopServerAsync().GetAwaiter().GetResult();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private string DataDirectory => Path.Combine(folder, "data");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended, their transactions rolled back).</summary>
    public async Task StopServerAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        await RunPgAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]).ConfigureAwait(false);
    }

    /// <summary>Starts the stopped server again on the same port.</summary>
    public async Task StartServerAsync()
    {
        string[] all =
        [
            "-c listen_addresses=127.0.0.1", "-p " + Port.ToString(CultureInfo.InvariantCulture), "-k " + folder,
            "-c fsync=off", "-c full_page_writes=off", "-c max_connections=200", .. settings.Select(s => "-c " + s),
        ];
        var options = string.Join(' ', all);
        await RunPgAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "60", "start"]).ConfigureAwait(false);
        stopped = false;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync().ConfigureAwait(false);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPgAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(binaries, tool);
        return PostgresBinaries.IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output.ConfigureAwait(false)} {await error.ConfigureAwait(false)}");
        }
    }
}
