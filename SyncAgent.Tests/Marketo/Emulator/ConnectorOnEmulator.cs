using CrmSync.MarketoEmulator;
using CrmSync.MarketoEmulator.Admin;
using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using EmulatorHost = CrmSync.MarketoEmulator.MarketoEmulator;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>
/// The real connector, registered with <see cref="MarketoServiceCollectionExtensions.AddMarketoConnector"/> exactly as the
/// agent does, pointed at an in-process Marketo emulator over real HTTP on 127.0.0.1. Both share one fake clock unless
/// the emulator is given its own (to model a token revoked or expired behind the client's back).
/// </summary>
internal sealed class ConnectorOnEmulator : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ConnectorOnEmulator(EmulatorHost emulator, ServiceProvider services, SignallingTimeProvider time)
    {
        Emulator = emulator;
        _services = services;
        Time = time;
        Client = services.GetRequiredService<MarketoClient>();
    }

    public EmulatorHost Emulator { get; }

    public MarketoEmulatorAdmin Admin => Emulator.Admin;

    /// <summary>The connector's clock (also the emulator's unless it was given another).</summary>
    public SignallingTimeProvider Time { get; }

    public MarketoClient Client { get; }

    /// <summary>Starts an emulator and resolves a connector configured with its base URL and the documented dev client.</summary>
    /// <param name="settings">Extra <c>CrmSync:Marketo</c> settings (option name → value).</param>
    /// <param name="configureEmulator">Changes to the emulator options before it starts.</param>
    /// <param name="emulatorTime">A separate emulator clock; by default the emulator runs on the connector's clock.</param>
    public static async Task<ConnectorOnEmulator> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<MarketoEmulatorOptions>? configureEmulator = null,
        TimeProvider? emulatorTime = null)
    {
        var time = new SignallingTimeProvider();
        var options = new MarketoEmulatorOptions { TimeProvider = emulatorTime ?? time };
        configureEmulator?.Invoke(options);
        var emulator = await EmulatorHost.StartAsync(options);

        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["BaseUrl"] = emulator.BaseUrl,
            ["ClientId"] = MarketoEmulatorOptions.DefaultClientId,
            ["ClientSecret"] = MarketoEmulatorOptions.DefaultClientSecret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddMarketoConnector(section)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new ConnectorOnEmulator(emulator, services, time);
    }

    /// <summary>Runs <paramref name="work"/>, moving the shared clock past every wait it starts (retry back-off, rate window).</summary>
    public Task<T> DriveAsync<T>(Func<Task<T>> work) => Time.DriveAsync(Task.Run(work));

    /// <inheritdoc cref="DriveAsync{T}(Func{Task{T}})"/>
    public Task DriveAsync(Func<Task> work) => Time.DriveAsync(Task.Run(work));

    /// <summary>How many error responses with <paramref name="code"/> the emulator sent.</summary>
    public long ErrorCount(string code) => Admin.GetCounters().ErrorsByCode.GetValueOrDefault(code);

    /// <summary>REST requests the emulator answered for <paramref name="method"/> on <paramref name="path"/>.</summary>
    public int RequestCount(string method, string path) =>
        Admin.GetRequestLog().Count(e => e.Method == method && e.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
