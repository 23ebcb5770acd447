using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// <c>POST /api/pairs/&lt;name&gt;/sync-person</c> (or <c>/api/sync-person</c>, the pair <c>default</c>) for a Marketo
/// <i>Call Webhook</i> step (DESIGN B4, B21): body
/// <c>{"leadId": &lt;Marketo id&gt;, "as": "lead"|"contact"}</c>, header <c>X-CrmSync-Secret</c>. 404 for an unknown pair
/// and while the pair's <c>CrmSync:Webhook:Secret</c> is unset, 401 without the right secret, 413 above 16 KB, 400 on bad JSON; 202 when the
/// request was kept in the state and could not be carried out within <c>CrmSync:Webhook:AnswerWithin</c> (Dynamics
/// throttling the sync user past it, or the budget passing) or Dynamics failed: the agent's drain carries it out as
/// soon as Dynamics takes requests again, the next cycle at the latest. The 25 s deadline stays the outer bound.
/// </summary>
internal static partial class SyncPersonEndpoint
{
    /// <summary>The header carrying <c>CrmSync:Webhook:Secret</c>.</summary>
    public const string SecretHeader = "X-CrmSync-Secret";

    // Marketo gives a webhook 30 s; answer (or give up) well before.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(25);

    /// <summary>The webhook of pair <paramref name="pair"/>: its Dynamics, Marketo, state and secret; 404 naming it when no such pair is configured.</summary>
    public static Task<IResult> HandleForPairAsync(HttpContext context, PairServices pairs, string pair, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pairs);
        IServiceProvider? services;
        try
        {
            services = pairs.Find(pair);
        }
        catch (OptionsValidationException ex)
        {
            // The pair's own sections are invalid: the log names the keys; the caller (unauthenticated so far) gets none.
            LogPairInvalid(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SyncPersonEndpoint)), pair, string.Join(" ", ex.Failures));
            return Task.FromResult(Error(StatusCodes.Status503ServiceUnavailable, $"pair '{pair}' is not configured correctly; the agent's log names the key"));
        }

        if (services is null)
        {
            return Task.FromResult(Error(StatusCodes.Status404NotFound, $"unknown pair '{pair}'"));
        }

        var fence = services.GetService<State.Postgres.CommitFence>();
        return HandleAsync(context, services.GetRequiredService<IOptions<WebhookOptions>>(), services.GetRequiredService<PersonSyncService>(), time,
            fence, fence is null ? null : services.GetRequiredService<StateStore>() as PostgresStateStore);
    }

    public static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WebhookOptions> webhook, PersonSyncService service, TimeProvider time, State.Postgres.CommitFence? fence = null,
        PostgresStateStore? leasedState = null)
    {
        var secret = webhook.Value.Secret;
        if (string.IsNullOrEmpty(secret))
        {
            return Results.NotFound();
        }

        if (!SecretComparer.Matches(context.Request.Headers[SecretHeader].ToString(), secret))
        {
            return Error(StatusCodes.Status401Unauthorized, $"the {SecretHeader} header is missing or wrong");
        }

        if (context.Request.ContentLength > AgentWebApp.MaxRequestBodyBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {AgentWebApp.MaxRequestBodyBytes} bytes");
        }

        long leadId;
        SyncEntity entity;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (Parse(document.RootElement, out leadId, out entity) is { } problem)
            {
                return Error(StatusCodes.Status400BadRequest, problem);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {AgentWebApp.MaxRequestBodyBytes} bytes");
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "the body is not JSON; send {\"leadId\": <Marketo id>, \"as\": \"lead\"|\"contact\"}");
        }

        // Under leases only the pair's holder carries requests out (its commits are fenced by its epoch). Another agent
        // keeps the request in the pair's state for the holder (an input, not a cycle decision; Marketo does not retry).
        if (fence is { Epoch: 0 } && leasedState is not null)
        {
            return await KeepForHolderAsync(context, fence.Pair, leasedState, leadId, entity).ConfigureAwait(false);
        }

        // The deadline runs on the agent's clock (TimeProvider), like every other wait of the agent.
        using var deadline = new CancellationTokenSource(Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        try
        {
            // Once the request is kept, the answer comes within CrmSync:Webhook:AnswerWithin (issue 17): 202 "pending" when
            // Dynamics throttles past it; the agent's drain then creates the person as soon as the pause ends.
            var result = await service.SyncAsync(leadId, entity, webhook.Value.AnswerWithin, linked.Token).ConfigureAwait(false);
            return Results.Json(ToJson(result), statusCode: result.Outcome switch
            {
                PersonSyncOutcome.Created => StatusCodes.Status201Created,
                PersonSyncOutcome.NotFound => StatusCodes.Status404NotFound,
                PersonSyncOutcome.Rejected => StatusCodes.Status422UnprocessableEntity,
                // Kept in the state before the answer; the next cycle carries it out (Marketo does not retry a webhook).
                PersonSyncOutcome.Pending => StatusCodes.Status202Accepted,
                _ => StatusCodes.Status200OK,
            });
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Only reached when the request was not kept (PersonSyncService answers Pending when it was).
            return Error(StatusCodes.Status504GatewayTimeout, "the request could not be kept in time (the agent's state or another request for this person was busy); nothing was created for it: send it again");
        }
        catch (State.Postgres.LeaseLostException ex)
        {
            // The lease moved on during the call: the fence refused the write; the new holder's cycles carry on.
            return Error(StatusCodes.Status503ServiceUnavailable,
                $"pair '{ex.Pair}' was taken over by another agent during the call; this agent's write was refused: send the request again");
        }
        catch (Exception ex) when (ex is DataverseException or MarketoApiException or HttpRequestException)
        {
            return Error(StatusCodes.Status502BadGateway, ex.Message + " The request was not kept and nothing was created for it: send it again.");
        }
    }

    private static async Task<IResult> KeepForHolderAsync(HttpContext context, string pair, PostgresStateStore state, long leadId, SyncEntity entity)
    {
        PersonSyncResult result;
        try
        {
            result = await KeptForHolder.KeepAsync(state, pair, leadId, entity, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or StateStoreException)
        {
            // The pair's state cannot be reached (or its reservations stay busy): nothing was kept, and the caller is told so.
            return Error(StatusCodes.Status503ServiceUnavailable,
                $"pair '{pair}' is run by another agent now and this agent could not keep the request for it (the state did not answer: {ex.Message}); nothing was written: send it again");
        }

        if (result.Outcome == PersonSyncOutcome.KeptForHolder)
        {
            LogKeptForHolder(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SyncPersonEndpoint)), pair, leadId);
        }

        return Results.Json(ToJson(result), statusCode: result.Outcome == PersonSyncOutcome.KeptForHolder ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    /// <summary>Reads the body; null when valid, else what is wrong. <c>leadId</c> may be a number or a numeric string (webhook templates quote tokens).</summary>
    internal static string? Parse(JsonElement root, out long leadId, out SyncEntity entity)
    {
        leadId = 0;
        entity = SyncEntity.Lead;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("leadId", out var id))
        {
            return "the body must be a JSON object with \"leadId\"";
        }

        var valid = id.ValueKind switch
        {
            JsonValueKind.Number => id.TryGetInt64(out leadId),
            JsonValueKind.String => long.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out leadId),
            _ => false,
        };
        if (!valid || leadId <= 0)
        {
            return "\"leadId\" must be a positive whole number (the Marketo lead id)";
        }

        if (root.TryGetProperty("as", out var kind) && kind.ValueKind != JsonValueKind.Null)
        {
            if (kind.ValueKind != JsonValueKind.String || !SyncEntityNames.TryParse(kind.GetString(), out entity))
            {
                return "\"as\" must be \"lead\" or \"contact\"";
            }
        }

        return null;
    }

    private static JsonObject ToJson(PersonSyncResult result) => new()
    {
        ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()),
        ["marketoId"] = result.MarketoId,
        ["entity"] = result.Record?.Entity.ToLogicalName(),
        ["recordId"] = result.Record?.Id,
        ["message"] = result.Message,
        ["skippedFields"] = new JsonArray([.. result.SkippedFields.Select(f => (JsonNode)f)]),
    };

    private static IResult Error(int status, string message) => Results.Json(new JsonObject { ["error"] = message }, statusCode: status);

    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Pair {Pair}: sync-person for Marketo person {LeadId} kept in the pair's state for the lease holder (this agent does not hold the pair's lease)")]
    private static partial void LogKeptForHolder(ILogger logger, string pair, long leadId);

    [LoggerMessage(EventId = 5400, Level = LogLevel.Error, Message = "Pair {Pair}: the sync-person webhook cannot run, the pair's configuration is invalid: {Failures}")]
    private static partial void LogPairInvalid(ILogger logger, string pair, string failures);
}
