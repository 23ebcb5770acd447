using CrmSync.MarketoEmulator.Faults;
using CrmSync.MarketoEmulator.Identity;
using CrmSync.MarketoEmulator.Limits;

namespace CrmSync.MarketoEmulator.Rest;

/// <summary>
/// What every <c>/rest</c> call goes through before its handler: the concurrency slot (615), the
/// access token from the <c>Authorization: Bearer</c> header or <c>access_token</c> parameter
/// (600/601/602), injected delays and faults, then the rate window (606) and daily quota (607).
/// </summary>
internal sealed class RestGate(CallGate gate, TokenService tokens, MarketoFaultSettings faults, TimeProvider time, ILogger logger)
{
    public async Task Invoke(HttpContext ctx, RequestDelegate next)
    {
        if (!gate.TryEnter())
        {
            await Envelope.Error(ctx, time, MarketoErrors.ConcurrentLimit);
            return;
        }

        try
        {
            if (tokens.Check(AccessToken(ctx.Request)) is { } authError)
            {
                await Envelope.Error(ctx, time, authError);
                return;
            }

            var (fault, delay) = faults.Draw();
            if (delay > TimeSpan.Zero)
            {
                var wait = Task.Delay(delay, time, ctx.RequestAborted);
                gate.Delayed(entering: true);
                try
                {
                    await wait;
                }
                finally
                {
                    gate.Delayed(entering: false);
                }
            }

            // Injected 6xx faults are among the codes the docs say do not count against the limits.
            if (InjectedError(fault) is { } injected)
            {
                await Envelope.Error(ctx, time, injected);
                return;
            }

            if (fault == MarketoFaultKinds.BadGateway)
            {
                ctx.Response.StatusCode = StatusCodes.Status502BadGateway;
                ctx.Response.ContentType = "text/html";
                await ctx.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>", ctx.RequestAborted);
                return;
            }

            if (gate.TryCount() is { } limitError)
            {
                await Envelope.Error(ctx, time, limitError);
                return;
            }

            try
            {
                await next(ctx);
            }
            catch (Exception e) when (e is not OperationCanceledException && !ctx.Response.HasStarted)
            {
                // Marketo's answer to all unhandled exceptions (error codes page).
                Admin.EmulatorLog.Unhandled(logger, e, ctx.Request.Method, ctx.Request.Path);
                await Envelope.Error(ctx, time, MarketoErrors.SystemError);
            }
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>The Marketo error an injected fault answers with; null for none and for 502, which has no envelope.</summary>
    private static MarketoReason? InjectedError(MarketoFaultKinds fault) => fault switch
    {
        MarketoFaultKinds.AccessTokenInvalid => MarketoErrors.AccessTokenInvalid,
        MarketoFaultKinds.AccessTokenExpired => MarketoErrors.AccessTokenExpired,
        MarketoFaultKinds.RequestTimeout => MarketoErrors.RequestTimeOut,
        MarketoFaultKinds.SystemError => MarketoErrors.SystemError,
        MarketoFaultKinds.RateLimited => MarketoErrors.RateLimit(100, TimeSpan.FromSeconds(20)),
        MarketoFaultKinds.ConcurrentLimit => MarketoErrors.ConcurrentLimit,
        _ => null,
    };

    private static string? AccessToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Query["access_token"].FirstOrDefault();
    }
}
