using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.WebApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>
/// The HTTP front of <c>/api/data/v9.2/</c>: bearer authentication, service protection, fault
/// injection, then the dispatcher (or the $batch handler), and the request log.
/// </summary>
internal sealed class WebApiEndpoint
{
    private readonly EmulatorState _state;
    private readonly WebApiDispatcher _dispatcher;
    private readonly BatchHandler _batch;

    public WebApiEndpoint(EmulatorState state, WebApiDispatcher dispatcher)
    {
        _state = state;
        _dispatcher = dispatcher;
        _batch = new BatchHandler(state, dispatcher);
    }

    public async Task HandleAsync(HttpContext context)
    {
        _state.Counters.Request();
        var url = context.Request.GetEncodedUrl();
        var user = Authenticate(context.Request);
        if (user is null)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization_uri=\"{_state.BaseUrl}/common/oauth2/authorize\", resource_id=\"{_state.BaseUrl}/\"";
            Log(null, context.Request.Method, url, 401, null, null);
            return;
        }

        ServiceProtection.Lease lease;
        try
        {
            lease = _state.Throttle.Enter(user.Id);
        }
        catch (WebApiException ex)
        {
            _state.Counters.Throttle();
            var throttled = ApiResponse.Error(ex);
            await WriteAsync(context, throttled);
            Log(user.Id, context.Request.Method, url, throttled.Status, throttled.ErrorCode, null);
            return;
        }

        using (lease)
        {
            var started = _state.Time.GetTimestamp();
            if (_state.Faults.Settings.RequestGate is { } gate)
            {
                await gate(context.RequestAborted);
            }

            var (drop, status, delay) = _state.Faults.Next();
            if (drop || status is not null || delay is not null)
            {
                _state.Counters.Fault();
            }

            if (drop)
            {
                Log(user.Id, context.Request.Method, url, 0, null, null);
                context.Abort();
                return;
            }

            if (status is { } code)
            {
                var fault = code == 429
                    ? ApiResponse.Error(ServiceProtection.Throttled(
                        ErrorCodes.RequestLimit, "Number of requests exceeded the limit (injected fault).", _state.Faults.Settings.ThrottleRetryAfterSeconds))
                    : ApiResponse.Error(code, ErrorCodes.Unexpected, "An unexpected error occurred (injected fault).");
                await WriteAsync(context, fault);
                Log(user.Id, context.Request.Method, url, fault.Status, fault.ErrorCode, null);
                return;
            }

            if (delay is { } wait)
            {
                await Task.Delay(wait, _state.Time, context.RequestAborted);
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var request = new ApiRequest
            {
                Method = context.Request.Method,
                Uri = new Uri(url),
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Body = body.ToArray(),
                User = user,
            };

            if (request.Uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal) && HttpMethods.IsPost(request.Method))
            {
                _state.Counters.Batch();
                var status200 = await _batch.HandleAsync(context, request, writes => ChargeAsync(lease, started, writes, context.RequestAborted));
                Log(user.Id, request.Method, url, status200.Status, status200.ErrorCode, null);
                return;
            }

            var response = _dispatcher.Handle(request);
            await ChargeAsync(lease, started, HttpMethods.IsGet(request.Method) ? 0 : 1, context.RequestAborted);
            await WriteAsync(context, response);
            Log(user.Id, request.Method, url, response.Status, response.ErrorCode, response);
        }
    }

    /// <summary>
    /// Charges the request's execution time: what the emulator measured handling it (the plug-in included) plus
    /// <see cref="ServiceProtectionLimits.WriteCost"/> per write, which the response also waits out when
    /// <see cref="ServiceProtectionLimits.SimulateServerTime"/> is on.
    /// </summary>
    private async Task ChargeAsync(ServiceProtection.Lease lease, long started, int writes, CancellationToken cancellationToken)
    {
        var limits = _state.Throttle.Limits;
        var writeCost = limits.WriteCost * writes;
        if (limits.SimulateServerTime && writeCost > TimeSpan.Zero)
        {
            await Task.Delay(writeCost, _state.Time, cancellationToken);
        }

        var cost = _state.Time.GetElapsedTime(started) + (limits.SimulateServerTime ? TimeSpan.Zero : writeCost);
        lease.Charge(cost);
        _state.Counters.Charge(cost);
    }

    private EmulatorUser? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? _state.Users.FindByToken(header[7..].Trim()) : null;
    }

    public static async Task WriteAsync(HttpContext context, ApiResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.Headers["OData-Version"] = "4.0";
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is { } body)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private void Log(Guid? userId, string method, string url, int status, string? errorCode, ApiResponse? response) =>
        _state.Record(new RequestLogEntry(_state.Time.GetUtcNow(), userId, method, url, status, errorCode,
            response?.RequestedColumns ?? [], response?.WrittenColumns ?? [], InBatch: false, response?.PageRows));
}
