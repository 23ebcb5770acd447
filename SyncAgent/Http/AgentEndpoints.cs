using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Http;

/// <summary>The agent's routes: webhook, health, status page and status API, rejections as JSON and CSV.</summary>
internal static class AgentEndpoints
{
    /// <summary>The header that carries <c>CrmSync:Http:StatusKey</c>.</summary>
    public const string StatusKeyHeader = "X-CrmSync-Key";

    public static void Map(WebApplication app, PairServices pairs)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The old path is the pair 'default' (DESIGN B21).
        app.MapPost("/api/sync-person", (HttpContext context, TimeProvider time) => SyncPersonEndpoint.HandleForPairAsync(context, pairs, PairNames.Default, time));
        app.MapPost("/api/pairs/{pair}/sync-person", (HttpContext context, string pair, TimeProvider time) => SyncPersonEndpoint.HandleForPairAsync(context, pairs, pair, time));
        app.MapGet("/healthz", HealthAsync);
        var keyed = app.MapGroup(string.Empty).AddEndpointFilter(RequireStatusKeyAsync).AddEndpointFilter(StateFaultFilter.InvokeAsync);
        keyed.MapGet("/", (HttpContext context, StatusReporter reporter, string? search) => PageAsync(context, reporter, search, pairs));
        keyed.MapGet("/api/status", (HttpContext context, StatusReporter reporter, string? search) => StatusAsync(context, reporter, search, pairs));
        keyed.MapGet("/api/rejections", RejectionsAsync);
        keyed.MapGet("/rejections.csv", CsvAsync);
        keyed.MapGet(HistoryPage.Path, HistoryAsync);
    }

    private static async Task<IResult> HealthAsync(HttpContext context, StateStore state, StateHealth stateHealth, IOptions<SyncOptions> sync, TimeProvider time)
    {
        HealthReport health;
        try
        {
            health = stateHealth.Fault is { } known
                ? new HealthReport(false, "unhealthy", known, null, null)
                : HealthEvaluator.Evaluate(await state.GetRecentCyclesAsync(5, context.RequestAborted).ConfigureAwait(false), sync.Value.Interval, time.GetUtcNow());
        }
        catch (Exception ex) when (StateFaultFilter.Describe(context.RequestServices, ex) is { } fault)
        {
            stateHealth.Report(fault);
            health = new HealthReport(false, "unhealthy", fault, null, null);
        }

        return Results.Json(StatusJson.Health(health), statusCode: health.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> PageAsync(HttpContext context, StatusReporter reporter, string? search, PairServices pairs)
    {
        var snapshot = await reporter.GetAsync(search, context.RequestAborted).ConfigureAwait(false);
        var rows = await PairRowsAsync(context, pairs).ConfigureAwait(false);
        return Results.Content(StatusPage.Render(snapshot, search, PairStatus.ToHtml(rows)), "text/html; charset=utf-8");
    }

    private static async Task<IResult> StatusAsync(HttpContext context, StatusReporter reporter, string? search, PairServices pairs)
    {
        var snapshot = await reporter.GetAsync(search, context.RequestAborted).ConfigureAwait(false);
        var json = StatusJson.ToJson(snapshot);
        json["pairs"] = PairStatus.ToJson(await PairRowsAsync(context, pairs).ConfigureAwait(false));
        return Results.Content(json.ToJsonString(), "application/json; charset=utf-8");
    }

    private static Task<IReadOnlyList<PairStatus.Row>> PairRowsAsync(HttpContext context, PairServices pairs) =>
        PairStatus.GetAsync(context.RequestServices.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), pairs,
            context.RequestServices.GetRequiredService<IOptions<StateOptions>>().Value, context.RequestAborted);

    private static async Task<IResult> RejectionsAsync(HttpContext context, StateStore state, string? search)
    {
        var rows = await state.SearchRejectionsAsync(Query(search), context.RequestAborted).ConfigureAwait(false);
        return Results.Content(StatusJson.Rejections(rows).ToJsonString(), "application/json; charset=utf-8");
    }

    private static async Task<IResult> CsvAsync(HttpContext context, StateStore state, string? search)
    {
        await using var writer = new StringWriter();
        await state.ExportRejectionsCsvAsync(writer, Query(search) with { Limit = int.MaxValue }, context.RequestAborted).ConfigureAwait(false);
        return Results.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", "rejections.csv");
    }

    private static async Task<IResult> HistoryAsync(HttpContext context, History.PersonHistory history, string? person)
    {
        var result = string.IsNullOrWhiteSpace(person) ? null : await history.GetAsync(person, context.RequestAborted).ConfigureAwait(false);
        return Results.Content(HistoryPage.Render(result, person), "text/html; charset=utf-8");
    }

    private static RejectionQuery Query(string? search) => new() { Text = string.IsNullOrWhiteSpace(search) ? null : search.Trim() };

    // The status key guards every status route (page, API, CSV); the webhook has its own secret and /healthz none.
    private static async ValueTask<object?> RequireStatusKeyAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value;
        return Authorized(invocation.HttpContext, http) ? await next(invocation).ConfigureAwait(false) : KeyRequired();
    }

    /// <summary>True when no status key is configured, or the request carries it.</summary>
    internal static bool Authorized(HttpContext context, HttpOptions http) =>
        string.IsNullOrEmpty(http.StatusKey) || SecretComparer.Matches(context.Request.Headers[StatusKeyHeader].ToString(), http.StatusKey);

    private static IResult KeyRequired() =>
        Results.Json(new JsonObject { ["error"] = $"the {StatusKeyHeader} header is missing or wrong" }, statusCode: StatusCodes.Status401Unauthorized);
}
