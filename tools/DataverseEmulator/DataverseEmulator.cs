using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Solutions;
using CrmSync.DataverseEmulator.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.DataverseEmulator;

/// <summary>
/// A Dataverse Web API v9.2 emulator serving one organization on a loopback address. Start it
/// in-process with <see cref="StartAsync"/>; the Web API is at <c>{BaseUrl}/api/data/v9.2/</c> and
/// the token endpoint at <c>{BaseUrl}/{tenant}/oauth2/v2.0/token</c>.
/// </summary>
public sealed class DataverseEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DataverseEmulator(WebApplication app, EmulatorState state, DataverseEmulatorAdmin admin)
    {
        _app = app;
        BaseUrl = state.BaseUrl;
        Admin = admin;
    }

    /// <summary>The organization URL, e.g. <c>http://127.0.0.1:5555</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>The Web API root, <c>{BaseUrl}/api/data/v9.2/</c>.</summary>
    public Uri ApiUrl => new(BaseUrl + "/api/data/v9.2/");

    /// <summary>The in-process administration API (seeding, users, rules, limits, faults, log, counters).</summary>
    public DataverseEmulatorAdmin Admin { get; }

    /// <summary>The client-credentials token endpoint for a tenant (any tenant id is accepted).</summary>
    public Uri TokenUrl(string tenantId = "00000000-0000-0000-0000-000000000000") => new($"{BaseUrl}/{tenantId}/oauth2/v2.0/token");

    /// <summary>Starts an emulator; binds 127.0.0.1 on a free port unless a loopback URL is given.</summary>
    public static async Task<DataverseEmulator> StartAsync(DataverseEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DataverseEmulatorOptions();
        var url = LoopbackUrl(options.Url);
        var state = new EmulatorState(options.TimeProvider, options.IdSeed);
        state.Throttle.Limits = options.ServiceProtection;
        var importer = new SolutionImporter(state);
        var admin = new DataverseEmulatorAdmin(state, importer);
        admin.AddUserCore(WithToken(BuiltInUsers.Sync, options), isSystem: false);
        admin.AddUserCore(WithToken(BuiltInUsers.Maker, options), isSystem: false);
        foreach (var user in options.Users)
        {
            admin.AddUserCore(WithToken(user, options), isSystem: false);
        }

        foreach (var column in options.ChoiceColumns)
        {
            state.Schema.AddChoiceColumn(column);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole();
        }

        var app = builder.Build();
        var endpoint = new WebApiEndpoint(state, new WebApiDispatcher(state, importer));
        app.MapPost("/{tenant}/oauth2/v2.0/token", context => TokenEndpoint.HandleAsync(context, state.Users));
        app.Map("/api/data/v9.2/{**path}", endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        state.BaseUrl = address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        var emulator = new DataverseEmulator(app, state, admin);
        if (options.SolutionPath is { } solution)
        {
            try
            {
                await admin.ImportSolutionAsync(solution, cancellationToken);
            }
            catch
            {
                await emulator.DisposeAsync();
                throw;
            }
        }

        return emulator;
    }

    /// <summary>Completes when the host stops (Ctrl+C in the standalone host).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Only loopback hosts are served: anything else is refused.</summary>
    public static string LoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || !(uri.Host == "127.0.0.1" || uri.Host == "localhost" || uri.Host == "[::1]"))
        {
            throw new ArgumentException($"The emulator binds only loopback http URLs (http://127.0.0.1:<port>); '{url}' is refused.", nameof(url));
        }

        return $"http://127.0.0.1:{uri.Port}";
    }

    private static EmulatorUser WithToken(EmulatorUser user, DataverseEmulatorOptions options) =>
        options.StaticTokens.TryGetValue(user.ClientId, out var token)
            ? new EmulatorUser(user.Id, user.FullName, user.ClientId, user.ClientSecret) { StaticToken = token, IsSystemAdministrator = user.IsSystemAdministrator, Roles = user.Roles }
            : user;
}
