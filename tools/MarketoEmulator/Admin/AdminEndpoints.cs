using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using CrmSync.MarketoEmulator.Faults;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Admin;

/// <summary>
/// The admin API over HTTP under <c>/_emulator/</c>, for black-box use (the demo, other processes).
/// It mirrors <see cref="MarketoEmulatorAdmin"/>; it needs no token and counts against no limit.
/// </summary>
internal static class AdminEndpoints
{
    public const string Prefix = "/_emulator";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Map(WebApplication app, MarketoEmulatorAdmin admin)
    {
        var group = app.MapGroup(Prefix);
        group.MapPost("/persons", async ctx =>
        {
            // Seeding can exceed the REST payload limit of 1 MB.
            ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            var body = await ctx.Request.ReadFromJsonAsync<SeedRequest>(JsonOptions, ctx.RequestAborted);
            await Guarded(ctx, () => admin.SeedPersons(body?.Persons?.Select(ToClr) ?? [], body?.RecordActivities ?? false));
        });
        group.MapGet("/persons", ctx => Write(ctx, ctx.Request.Query["email"].FirstOrDefault() is { } email
            ? admin.FindPersonsByEmail(email)
            : admin.GetPersons()));
        group.MapGet("/persons/{id:int}", ctx => admin.GetPerson(Id(ctx)) is { } person ? Write(ctx, person) : NotFound(ctx));
        group.MapPost("/persons/{id:int}/edit", async ctx =>
        {
            var body = await ctx.Request.ReadFromJsonAsync<EditRequest>(JsonOptions, ctx.RequestAborted);
            await Guarded(ctx, () => admin.EditPerson(Id(ctx), ToClr(body?.Changes ?? []),
                body?.Source ?? MarketoEmulatorAdmin.DefaultUiSource, body?.Reason ?? MarketoEmulatorAdmin.DefaultUiReason));
        });
        group.MapDelete("/persons/{id:int}", ctx => admin.DeletePerson(Id(ctx)) ? Write(ctx, new { deleted = true }) : NotFound(ctx));
        group.MapGet("/activities", ctx => Write(ctx, admin.GetActivities(Int(ctx, "leadId"), Int(ctx, "activityTypeId"))));
        group.MapGet("/custom-activity-types", ctx => Write(ctx, admin.GetCustomActivityTypes()));
        group.MapGet("/requests", ctx => Write(ctx, admin.GetRequestLog()));
        group.MapDelete("/requests", ctx =>
        {
            admin.ResetRequestLog();
            return Write(ctx, new { cleared = true });
        });
        group.MapGet("/counters", ctx => Write(ctx, admin.GetCounters()));
        group.MapGet("/faults", ctx => Write(ctx, FaultsView(admin.Faults)));
        group.MapPut("/faults", async ctx =>
        {
            var body = await ctx.Request.ReadFromJsonAsync<FaultsRequest>(JsonOptions, ctx.RequestAborted);
            await Guarded(ctx, () =>
            {
                var f = admin.Faults;
                f.Rate = body?.Rate ?? f.Rate;
                f.Kinds = body?.Kinds ?? f.Kinds;
                f.Delay = body?.DelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : f.Delay;
                f.DelayRate = body?.DelayRate ?? f.DelayRate;
                if (body?.Seed is { } seed)
                {
                    f.Reseed(seed);
                }

                return FaultsView(f);
            });
        });
        group.MapGet("/limits", ctx => Write(ctx, admin.Limits));
        group.MapPut("/limits", async ctx =>
        {
            var body = await ctx.Request.ReadFromJsonAsync<LimitsRequest>(JsonOptions, ctx.RequestAborted);
            await Guarded(ctx, () =>
            {
                var l = admin.Limits;
                l.Enabled = body?.Enabled ?? l.Enabled;
                l.RateLimitCalls = body?.RateLimitCalls ?? l.RateLimitCalls;
                l.RateLimitWindow = body?.RateLimitWindowSeconds is { } s ? TimeSpan.FromSeconds(s) : l.RateLimitWindow;
                l.MaxConcurrentCalls = body?.MaxConcurrentCalls ?? l.MaxConcurrentCalls;
                l.DailyQuota = body?.DailyQuota ?? l.DailyQuota;
                l.MaxBatchSize = body?.MaxBatchSize ?? l.MaxBatchSize;
                return l;
            });
        });
    }

    private static object FaultsView(MarketoFaultSettings f) =>
        new { rate = f.Rate, kinds = f.Kinds, delayMs = f.Delay.TotalMilliseconds, delayRate = f.DelayRate };

    private static int Id(HttpContext ctx) => int.Parse((string)ctx.Request.RouteValues["id"]!, CultureInfo.InvariantCulture);

    private static int? Int(HttpContext ctx, string name) =>
        int.TryParse(ctx.Request.Query[name].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static Dictionary<string, object?> ToClr(Dictionary<string, JsonElement> fields) =>
        fields.ToDictionary(p => p.Key, p => Json.ToValue(p.Value));

    private static async Task Guarded(HttpContext ctx, Func<object> action)
    {
        object result;
        try
        {
            result = action();
        }
        catch (KeyNotFoundException e)
        {
            await Write(ctx, new { error = e.Message }, 404);
            return;
        }
        catch (ArgumentException e)
        {
            await Write(ctx, new { error = e.Message }, 400);
            return;
        }

        await Write(ctx, result);
    }

    private static Task NotFound(HttpContext ctx) => Write(ctx, new { error = "not found" }, 404);

    private static Task Write(HttpContext ctx, object value, int status = 200)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(value, value.GetType(), JsonOptions, ctx.RequestAborted);
    }

    private sealed record SeedRequest(List<Dictionary<string, JsonElement>>? Persons, bool? RecordActivities);

    private sealed record EditRequest(Dictionary<string, JsonElement>? Changes, string? Source, string? Reason);

    private sealed record FaultsRequest(double? Rate, MarketoFaultKinds? Kinds, double? DelayMs, double? DelayRate, int? Seed);

    private sealed record LimitsRequest(bool? Enabled, int? RateLimitCalls, double? RateLimitWindowSeconds, int? MaxConcurrentCalls, int? DailyQuota, int? MaxBatchSize);
}
