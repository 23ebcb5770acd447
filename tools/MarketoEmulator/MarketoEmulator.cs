using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using CrmSync.MarketoEmulator.Activities;
using CrmSync.MarketoEmulator.Admin;
using CrmSync.MarketoEmulator.Faults;
using CrmSync.MarketoEmulator.Identity;
using CrmSync.MarketoEmulator.Companies;
using CrmSync.MarketoEmulator.Opportunities;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Limits;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator;

/// <summary>
/// A local stand-in for the Marketo Engage REST API: identity at <see cref="IdentityUrl"/>, REST at
/// <see cref="RestUrl"/>, the admin API in-process (<see cref="Admin"/>) and over HTTP under
/// <c>/_emulator/</c>. Listens on 127.0.0.1 only.
/// </summary>
public sealed class MarketoEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MarketoEmulator(WebApplication app, string baseUrl, MarketoEmulatorAdmin admin, MarketoEmulatorOptions options)
    {
        _app = app;
        BaseUrl = baseUrl;
        Admin = admin;
        Options = options;
    }

    /// <summary>Scheme, host and port, e.g. <c>http://127.0.0.1:5556</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary><c>{BaseUrl}/identity</c>; the token endpoint is <c>{IdentityUrl}/oauth/token</c>.</summary>
    public string IdentityUrl => BaseUrl + "/identity";

    /// <summary><c>{BaseUrl}/rest</c>; e.g. <c>{RestUrl}/v1/leads.json</c>.</summary>
    public string RestUrl => BaseUrl + "/rest";

    /// <summary>Seeding, marketer edits, inspection, faults and limits.</summary>
    public MarketoEmulatorAdmin Admin { get; }

    /// <summary>The options the instance runs with.</summary>
    public MarketoEmulatorOptions Options { get; }

    /// <summary>Starts an emulator and waits until it listens.</summary>
    /// <exception cref="ArgumentException">The URL is not an IPv4 loopback HTTP URL.</exception>
    public static async Task<MarketoEmulator> StartAsync(MarketoEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MarketoEmulatorOptions();
        EnsureLoopback(options.Url);
        var time = options.TimeProvider;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(MarketoEmulator).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Url);
        // Marketo answers 413 above a 1 MB payload (error codes page).
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        if (!options.ConsoleLogging)
        {
            builder.Logging.ClearProviders();
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var app = builder.Build();
        var schema = new LeadSchema(options.CustomFields);
        var log = new ActivityLog();
        var companies = new CompanyStore(time);
        var leads = new LeadStore(schema, log, time) { Companies = companies };
        var types = new CustomActivityTypes(time);
        var requests = new RequestLog(options.RequestLogCapacity);
        var gate = new CallGate(options.Limits, time);
        var faults = new MarketoFaultSettings(options.FaultSeed);
        var tokens = new TokenService(options);
        var opportunities = new ObjectStore(LeadDatabaseObject.Opportunity, time);
        var roles = new ObjectStore(LeadDatabaseObject.OpportunityRole, time);
        var admin = new MarketoEmulatorAdmin(leads, log, types, requests, gate, faults, options.Limits)
        {
            Companies = companies, Opportunities = opportunities, OpportunityRoles = roles,
        };
        var restGate = new RestGate(gate, tokens, faults, time, app.Logger);

        app.Use(async (ctx, next) =>
        {
            var path = ctx.Request.Path.Value ?? string.Empty;
            var isRest = path.StartsWith("/rest/", StringComparison.Ordinal);
            await next(ctx);
            if (isRest || path.StartsWith("/identity/", StringComparison.Ordinal))
            {
                requests.Add(new MarketoRequestLogEntry(time.GetUtcNow(), ctx.Request.Method, path, SafeQuery(ctx.Request.Query),
                    ctx.Response.StatusCode, ctx.Items[Envelope.ErrorCodeItem] as string), isRest);
            }
        });
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/rest", StringComparison.Ordinal),
            b => b.Use((ctx, next) => restGate.Invoke(ctx, next)));

        IdentityEndpoints.Map(app, tokens, "marketo-emulator");
        var reads = new LeadEndpoints(leads, options.Limits, time);
        reads.Map(app);
        new SyncLeadsEndpoint(leads, reads, options.Limits, time).Map(app);
        new MergeLeadsEndpoint(leads, time).Map(app);
        new ActivityEndpoints(log, schema, types, options.Limits, time).Map(app);
        new CustomActivityEndpoints(types, log, leads, options.Limits, time).Map(app);
        new CompanyEndpoints(companies, options.Limits, time).Map(app);
        new ObjectEndpoints(opportunities, options.Limits, time).Map(app);
        new ObjectEndpoints(roles, options.Limits, time) { LeadExists = id => id <= int.MaxValue && leads.Get((int)id) is not null, Opportunities = opportunities }.Map(app);
        app.MapFallback("/rest/{**path}", ctx => Envelope.Error(ctx, time, MarketoErrors.ResourceNotFound));
        AdminEndpoints.Map(app, admin);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseUrl = address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        EmulatorLog.Started(app.Logger, baseUrl);
        return new MarketoEmulator(app, baseUrl, admin, options);
    }

    /// <summary>Completes when the host shuts down (Ctrl+C in the standalone host).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Refuses anything but an http(s) URL on an IPv4 loopback address.</summary>
    internal static void EnsureLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !IPAddress.TryParse(uri.Host, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || !IPAddress.IsLoopback(ip))
        {
            throw new ArgumentException($"The Marketo emulator only listens on 127.0.0.1; '{url}' is not allowed.", nameof(url));
        }
    }

    private static string SafeQuery(IQueryCollection query)
    {
        var kept = query.Where(q => q.Key is not ("access_token" or "client_secret")).ToList();
        return kept.Count == 0 ? string.Empty : QueryString.Create(kept).ToString();
    }
}
