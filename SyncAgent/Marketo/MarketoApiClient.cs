using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CrmSync.SyncAgent.Marketo.Wire;
using CrmSync.SyncAgent.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Sends one Marketo REST call the documented way: bearer token (renewed before expiry, re-authenticated on 601/602 and
/// the call replayed at once; a repeated 601/602 joins the transient retries), client-side rate and concurrency limits, back-off and retry on 606/615,
/// bounded jittered retries on 604/608/611/713/HTTP 5xx/network faults, and 607 as
/// <see cref="MarketoQuotaExceededException"/> (never retried). Errors arrive as HTTP 200 with <c>success:false</c>
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
/// </summary>
internal sealed class MarketoApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly MarketoOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _root;
    private readonly MarketoCallCounter _counter;
    private readonly MarketoRateLimiter _limiter;
    private readonly MarketoTokenProvider _tokens;
    private readonly ResiliencePipeline _transientRetry;
    private readonly MarketoQuotaShare? _share;

    /// <param name="share">The agent's share of the daily quota (<c>DailyQuotaShare</c>); null: Marketo's 607 alone.</param>
    public MarketoApiClient(HttpClient http, MarketoOptions options, TimeProvider time, ILogger<MarketoApiClient> logger, MarketoQuotaShare? share = null)
    {
        _share = share;
        _http = http;
        _options = options;
        _logger = logger;
        var baseUrl = options.BaseUrl ?? throw new ArgumentException("Marketo:BaseUrl is required.", nameof(options));
        _root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _counter = new MarketoCallCounter(time);
        _limiter = new MarketoRateLimiter(options, time);
        _tokens = new MarketoTokenProvider(http, _root, options, time, _counter, logger);
        _transientRetry = BuildTransientRetry(options, time);
        CrmSyncTelemetry.ObserveQuota(() => _counter.Snapshot().QuotaCalls);
    }

    /// <summary>Calls made today (Marketo quota day), for status and benchmarks.</summary>
    public MarketoUsage Usage => _counter.Snapshot();

    /// <summary>Absolute length of <paramref name="relativeUri"/> once resolved against the base URL.</summary>
    public int AbsoluteLength(string relativeUri) => _root.AbsoluteUri.Length + relativeUri.Length;

    public Task<MarketoResponse<T>> GetAsync<T>(
        string operation, string relativeUri, JsonTypeInfo<MarketoResponse<T>> responseInfo, CancellationToken cancellationToken) =>
        SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, new Uri(_root, relativeUri)), responseInfo, cancellationToken);

    public Task<MarketoResponse<T>> PostAsync<T, TBody>(
        string operation,
        string relativeUri,
        TBody? body,
        JsonTypeInfo<TBody> bodyInfo,
        JsonTypeInfo<MarketoResponse<T>> responseInfo,
        CancellationToken cancellationToken) =>
        SendAsync(
            operation,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(_root, relativeUri))
            {
                Content = body is null
                    ? new StringContent("", null, "application/json")
                    : JsonContent.Create(body, bodyInfo, new MediaTypeHeaderValue("application/json")),
            },
            responseInfo,
            cancellationToken);

    /// <summary>A GET whose query string is too long for the URI, sent as <c>POST …?_method=GET</c> with the query as a form body (error codes page, 414).</summary>
    public Task<MarketoResponse<T>> PostFormAsync<T>(
        string operation,
        string relativeUri,
        IReadOnlyList<KeyValuePair<string, string>> form,
        JsonTypeInfo<MarketoResponse<T>> responseInfo,
        CancellationToken cancellationToken) =>
        SendAsync(
            operation,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(_root, relativeUri)) { Content = new FormUrlEncodedContent(form) },
            responseInfo,
            cancellationToken);

    public void Dispose()
    {
        _limiter.Dispose();
        _tokens.Dispose();
    }

    private async Task<MarketoResponse<T>> SendAsync<T>(
        string operation, Func<HttpRequestMessage> build, JsonTypeInfo<MarketoResponse<T>> responseInfo, CancellationToken cancellationToken)
    {
        var state = (Client: this, Operation: operation, Build: build, Info: responseInfo);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await _transientRetry.ExecuteAsync(
                static async (ctx, s) => await s.Client.SendWithAuthAndLimitsAsync(s.Operation, s.Build, s.Info, ctx.CancellationToken).ConfigureAwait(false),
                context,
                state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<MarketoResponse<T>> SendWithAuthAndLimitsAsync<T>(
        string operation, Func<HttpRequestMessage> build, JsonTypeInfo<MarketoResponse<T>> responseInfo, CancellationToken cancellationToken)
    {
        var reauthenticated = false;
        var rateAttempts = 0;
        while (true)
        {
            if (_share is not null)
            {
                await _share.ThrowIfUsedAsync(_counter.Snapshot().RestCalls, cancellationToken).ConfigureAwait(false);
            }

            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            var response = await SendOnceAsync(operation, build, token, responseInfo, cancellationToken).ConfigureAwait(false);
            if (response.Success)
            {
                if (response.Warnings.ValueKind == JsonValueKind.Array && response.Warnings.GetArrayLength() > 0)
                {
                    MarketoLog.Warnings(_logger, operation, response.Warnings.GetArrayLength(), response.RequestId);
                }

                return response;
            }

            var error = response.Errors is { Count: > 0 } errors ? errors[0] : new MarketoReason { Code = "unknown", Message = "success:false without errors" };
            switch (error.Code)
            {
                case MarketoErrorCodes.AccessTokenInvalid or MarketoErrorCodes.AccessTokenExpired when !reauthenticated:
                    MarketoLog.Reauthenticating(_logger, error.Code, operation);
                    _tokens.Invalidate(token);
                    reauthenticated = true;
                    _counter.Retry();
                    continue;

                case MarketoErrorCodes.AccessTokenInvalid or MarketoErrorCodes.AccessTokenExpired:
                    // Refused again right after re-authenticating. Identity hands back the same token while it has life
                    // left (authentication page), so the replay can still meet 602; and 601 is not always final. Left to
                    // the bounded, backed-off transient retry, each attempt re-authenticating again.
                    _tokens.Invalidate(token);
                    throw new MarketoTransientException(error.Code, error.Message, response.RequestId);

                case MarketoErrorCodes.RateLimitExceeded or MarketoErrorCodes.ConcurrentAccessLimit when rateAttempts < _options.MaxRateLimitRetries:
                    rateAttempts++;
                    _counter.RateLimited();
                    CrmSyncTelemetry.Throttled("marketo", error.Code);
                    _counter.Retry();
                    var pause = error.Code == MarketoErrorCodes.RateLimitExceeded
                        ? _options.RateWindow
                        : _options.ConcurrencyBackoff * rateAttempts;
                    MarketoLog.RateLimited(_logger, operation, error.Code, response.RequestId, (long)pause.TotalMilliseconds, rateAttempts);
                    _limiter.Pause(pause);
                    continue;

                case MarketoErrorCodes.RateLimitExceeded or MarketoErrorCodes.ConcurrentAccessLimit:
                    _counter.RateLimited();
                    CrmSyncTelemetry.Throttled("marketo", error.Code);
                    break;

                case MarketoErrorCodes.DailyQuotaReached:
                    MarketoLog.QuotaReached(_logger, operation, response.RequestId);
                    throw new MarketoQuotaExceededException(error.Message, response.RequestId);

                case var code when MarketoErrorCodes.IsTransient(code):
                    throw new MarketoTransientException(code, error.Message, response.RequestId);
            }

            MarketoLog.CallFailed(_logger, operation, error.Code, error.Message, response.RequestId);
            throw new MarketoApiException(error.Code, error.Message, response.RequestId);
        }
    }

    private async Task<MarketoResponse<T>> SendOnceAsync<T>(
        string operation,
        Func<HttpRequestMessage> build,
        string token,
        JsonTypeInfo<MarketoResponse<T>> responseInfo,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = CrmSyncTelemetry.StartCall("marketo", operation);
        var outcome = "cancelled";
        try
        {
            var response = await SendOnceCoreAsync(operation, build, token, responseInfo, cancellationToken).ConfigureAwait(false);
            outcome = response.Success ? "ok" : response.Errors is { Count: > 0 } errors ? errors[0].Code : "unknown";
            return response;
        }
        catch (MarketoApiException ex)
        {
            outcome = ex.Code;
            throw;
        }
        catch (HttpRequestException)
        {
            outcome = "network";
            throw;
        }
        finally
        {
            CrmSyncTelemetry.CallEnded(activity, "marketo", operation, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<MarketoResponse<T>> SendOnceCoreAsync<T>(
        string operation,
        Func<HttpRequestMessage> build,
        string token,
        JsonTypeInfo<MarketoResponse<T>> responseInfo,
        CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage httpResponse;
        try
        {
            httpResponse = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _counter.RestCall(countsAgainstQuota: false);
            throw new MarketoTransientException("timeout", $"{operation} timed out.", inner: ex);
        }
        catch (HttpRequestException)
        {
            _counter.RestCall(countsAgainstQuota: false);
            throw;
        }

        using (httpResponse)
        {
            var status = (int)httpResponse.StatusCode;
            if (status >= 500 || httpResponse.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                _counter.RestCall(countsAgainstQuota: false);
                throw new MarketoTransientException($"HTTP {status}", $"{operation} answered HTTP {status}.");
            }

            if (!httpResponse.IsSuccessStatusCode)
            {
                // 413 (payload over 1 MB) and 414 (URI over 8 KB) need a different request, not a retry.
                _counter.RestCall(countsAgainstQuota: true);
                MarketoLog.CallFailed(_logger, operation, $"HTTP {status}", httpResponse.ReasonPhrase ?? "", null);
                throw new MarketoApiException($"HTTP {status}", $"{operation} answered HTTP {status}.");
            }

            MarketoResponse<T>? body;
            try
            {
                body = await httpResponse.Content.ReadFromJsonAsync(responseInfo, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                _counter.RestCall(countsAgainstQuota: true);
                throw new MarketoApiException("json", $"{operation} returned a body that is not the Marketo envelope.", inner: ex);
            }

            body ??= new MarketoResponse<T>();
            var code = body.Success || body.Errors is not { Count: > 0 } ? null : body.Errors[0].Code;
            _counter.RestCall(countsAgainstQuota: code is null || !MarketoErrorCodes.IsUncounted(code));
            return body;
        }
    }

    private ResiliencePipeline BuildTransientRetry(MarketoOptions options, TimeProvider time)
    {
        if (options.MaxTransientRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<MarketoTransientException>().Handle<HttpRequestException>(),
                MaxRetryAttempts = options.MaxTransientRetries,
                Delay = options.TransientRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var code = args.Outcome.Exception is MarketoApiException api ? api.Code : "network";
                    MarketoLog.TransientRetry(_logger, args.Context.OperationKey ?? "call", code, (args.Outcome.Exception as MarketoApiException)?.RequestId, (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1);
                    _counter.Retry();
                    return default;
                },
            })
            .Build();
    }
}
