using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using CrmSync.SyncAgent.Dataverse.Auth;
using CrmSync.SyncAgent.Dataverse.Pacing;
using CrmSync.SyncAgent.Telemetry;

namespace CrmSync.SyncAgent.Dataverse.Http;

/// <summary>
/// Sends Web API requests with the OData headers and bearer token, through a Polly pipeline: 429 waits the
/// Retry-After the service asks for; 5xx, timeouts and dropped connections back off exponentially with jitter;
/// attempts are bounded. Each attempt passes the <see cref="AdaptiveRequestGate"/>, which paces requests to
/// Dataverse's service protection limits. Every request this connector sends is safe to repeat (see <see cref="DataverseClient"/>).
/// </summary>
internal sealed class DataverseTransport
{
    private readonly HttpClient _http;
    private readonly DataverseTokenSource _tokens;
    private readonly DataverseOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AdaptiveRequestGate _gate;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public DataverseTransport(HttpClient http, DataverseTokenSource tokens, DataverseOptions options, TimeProvider timeProvider, DataverseCallCounter counter, ILogger logger)
    {
        _http = http;
        _tokens = tokens;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        Counter = counter;
        var url = options.Url ?? throw new ArgumentException("Url is required.", nameof(options));
        ServiceRoot = new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/api/data/v9.2/");
        _gate = new AdaptiveRequestGate(PacingSettings.From(options), timeProvider);
        _pipeline = BuildPipeline();
    }

    /// <summary><c>{Url}/api/data/v9.2/</c>.</summary>
    public Uri ServiceRoot { get; }

    public DataverseCallCounter Counter { get; }

    /// <summary>The pacing of requests (concurrency and <c>$batch</c> size now).</summary>
    public AdaptiveRequestGate Gate => _gate;

    /// <summary>Absolute URI of a path relative to the service root.</summary>
    public Uri Resolve(string relative) => new(ServiceRoot, relative);

    /// <summary>
    /// Sends the request <paramref name="createRequest"/> builds (called again for each attempt) and returns the
    /// successful response; throws <see cref="DataverseException"/> with the parsed error otherwise.
    /// <paramref name="batchOperations"/> is the number of operations of a <c>$batch</c> (sizes the next batches).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken, int batchOperations = 0)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        HttpResponseMessage response;
        string description = "request";
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = state.createRequest();
                    ctx.Properties.Set(DescriptionKey, $"{request.Method} {request.RequestUri?.AbsolutePath}");
                    return await state.self.SendOnceAsync(request, state.batchOperations, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (self: this, createRequest, batchOperations)).ConfigureAwait(false);
            description = context.Properties.GetValue(DescriptionKey, description);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            throw new DataverseException($"Dataverse {context.Properties.GetValue(DescriptionKey, description)} failed after retries: {ex.Message}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var error = await ReadErrorAsync(response.Content, cancellationToken).ConfigureAwait(false);
            throw new DataverseException(response.StatusCode, error?.Code, error?.Message, description);
        }
    }

    /// <summary>Reads a <c>{"error":{...}}</c> body; null when the body is not one.</summary>
    public static async Task<DataverseError?> ReadErrorAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return ParseError(bytes);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Parses a <c>{"error":{...}}</c> body; null when it is not one.</summary>
    public static DataverseError? ParseError(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, DataverseJsonContext.Default.DataverseErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly ResiliencePropertyKey<string> DescriptionKey = new("crmsync.request");
    private static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("crmsync.retryAfter");

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, int batchOperations, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("OData-MaxVersion", "4.0");
        request.Headers.TryAddWithoutValidation("OData-Version", "4.0");

        var ticket = await _gate.EnterAsync(batchOperations, cancellationToken).ConfigureAwait(false);
        var end = RequestEnd.Failed;
        TimeSpan? retryAfter = null;
        var endpoint = DataverseEndpoint.Of(request.RequestUri);
        var callStarted = Stopwatch.GetTimestamp();
        var activity = CrmSyncTelemetry.StartCall("dataverse", endpoint);
        var outcome = "network";
        try
        {
            Counter.AddRequest();
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            DataverseLog.RequestCompleted(_logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", (int)response.StatusCode);
            outcome = response.IsSuccessStatusCode ? "ok" : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Counter.AddThrottled();
                CrmSyncTelemetry.Throttled("dataverse", "429");
                end = RequestEnd.Throttled;
                retryAfter = ServiceProtection.GetRetryAfter(response.Headers, _timeProvider);
            }
            else if ((int)response.StatusCode < 500)
            {
                end = RequestEnd.Succeeded;
            }

            return response;
        }
        finally
        {
            _gate.Exit(ticket, end, retryAfter, batchOperations);
            CrmSyncTelemetry.CallEnded(activity, "dataverse", endpoint, outcome, Stopwatch.GetElapsedTime(callStarted));
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, _options.MaxRetryAttempts),
            Delay = _options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
            DelayGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(RetryAfterKey, null)),
            OnRetry = args =>
            {
                Counter.AddRetry();
                var request = args.Context.Properties.GetValue(DescriptionKey, "request");
                if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    DataverseLog.Throttled(_logger, request, null, args.AttemptNumber + 1, args.RetryDelay);
                }
                else
                {
                    var status = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?";
                    DataverseLog.TransientFailure(_logger, request, status, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                }

                return default;
            },
        };

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(retry);
        }

        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        context.Properties.Set(RetryAfterKey, null);
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException)
        {
            return true;
        }

        if (outcome.Result is not { } response || !ServiceProtection.IsTransient(response.StatusCode))
        {
            return false;
        }

        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        // Dataverse extends the window for a client that keeps sending, so wait exactly as long as asked;
        // a wait beyond the configured maximum ends the call and lets the cycle stop cleanly instead.
        var wait = ServiceProtection.GetRetryAfter(response.Headers, _timeProvider);
        if (wait > _options.MaxRetryAfter)
        {
            return false;
        }

        context.Properties.Set(RetryAfterKey, wait);
        return true;
    }
}
