using System.Text.Json.Nodes;
using CrmSync.SyncAgent.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// Answers the status routes with <c>503</c> and the operator's message (which file, what is wrong, what to do) when the
/// state is faulty (issue 18 item 7), instead of an empty 500: a fault already recorded in <see cref="StateHealth"/>, or
/// one this request ran into, which is then recorded so <c>/healthz</c> and the service loop honour it.
/// </summary>
internal static class StateFaultFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(next);
        var services = invocation.HttpContext.RequestServices;
        var health = services.GetRequiredService<StateHealth>();
        if (health.Fault is { } known)
        {
            return Unavailable(invocation.HttpContext, known);
        }

        try
        {
            return await next(invocation).ConfigureAwait(false);
        }
        catch (Exception ex) when (Describe(services, ex) is { } fault)
        {
            health.Report(fault);
            return Unavailable(invocation.HttpContext, fault);
        }
    }

    /// <summary>The state's message for <paramref name="exception"/>, or null when it is not a state fault.</summary>
    public static string? Describe(IServiceProvider services, Exception exception) =>
        exception as StateStoreException is { } store ? store.Message : services.GetRequiredService<StateStore>().DescribeFault(exception);

    private static IResult Unavailable(HttpContext context, string message) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            ? Results.Json(new JsonObject { ["error"] = message }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("CrmSync: the state cannot be used.\n\n" + message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
}
