using System.Text;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Storage;
using CrmSync.DataverseEmulator.WebApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>
/// Executes a $batch (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api):
/// at most 1000 requests; each changeset is one transaction with Content-ID references; without
/// <c>Prefer: odata.continue-on-error</c> the batch stops at the first failure.
/// </summary>
internal sealed class BatchHandler
{
    private const int MaxRequests = 1000;
    private readonly EmulatorState _state;
    private readonly WebApiDispatcher _dispatcher;

    public BatchHandler(EmulatorState state, WebApiDispatcher dispatcher)
    {
        _state = state;
        _dispatcher = dispatcher;
    }

    public async Task<ApiResponse> HandleAsync(HttpContext context, ApiRequest batch, Func<int, Task> charge)
    {
        List<BatchParser.Item> items;
        try
        {
            items = await BatchParser.ReadAsync(batch.Header("Content-Type") ?? string.Empty, new MemoryStream(batch.Body), context.RequestAborted);
            if (items.Sum(i => i.ChangeSet?.Count ?? 1) > MaxRequests)
            {
                throw new WebApiException(400, ErrorCodes.InvalidArgument, $"The number of requests in a batch exceeds the limit of {MaxRequests}.");
            }
        }
        catch (Exception ex) when (ex is WebApiException or IOException or InvalidDataException)
        {
            var error = ex is WebApiException w ? ApiResponse.Error(w) : ApiResponse.Error(400, ErrorCodes.InvalidArgument, ex.Message);
            await WebApiEndpoint.WriteAsync(context, error);
            return error;
        }

        var continueOnError = Preferences.Parse(batch.Header("Prefer")).ContinueOnError;
        var boundary = "batchresponse_" + Guid.NewGuid();
        var output = new StringBuilder();
        var writes = 0;
        foreach (var item in items)
        {
            writes += item.Request is { } request ? (HttpMethods.IsGet(request.Method) ? 0 : 1) : item.ChangeSet!.Count;
            var failed = item.Request is { } single ? Single(batch, single, boundary, output) : ChangeSet(batch, item.ChangeSet!, boundary, output);
            if (failed && !continueOnError)
            {
                break;
            }
        }

        output.Append("--").Append(boundary).Append("--\r\n");
        await charge(writes);
        var response = new ApiResponse { Status = 200, Body = Encoding.UTF8.GetBytes(output.ToString()), ContentType = $"multipart/mixed; boundary={boundary}" };
        if (continueOnError)
        {
            response.Headers["Preference-Applied"] = "odata.continue-on-error";
        }

        await WebApiEndpoint.WriteAsync(context, response);
        return response;
    }

    private bool Single(ApiRequest batch, BatchParser.Part part, string boundary, StringBuilder output)
    {
        var response = _dispatcher.Handle(ToRequest(batch, part, null));
        Log(batch, part, response);
        AppendPart(output, boundary, part.ContentId, response);
        return response.Status >= 400;
    }

    /// <summary>All or nothing: on the first failure the changeset rolls back and only that error is returned.</summary>
    private bool ChangeSet(ApiRequest batch, IReadOnlyList<BatchParser.Part> parts, string boundary, StringBuilder output)
    {
        var responses = new List<(BatchParser.Part Part, ApiResponse Response)>();
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        ApiResponse? failure = null;
        lock (_state.Store.Gate)
        {
            var transaction = new Transaction();
            foreach (var part in parts)
            {
                var request = ToRequest(batch, part, references);
                var response = HttpMethods.IsGet(part.Method)
                    ? ApiResponse.Error(400, ErrorCodes.InvalidArgument, "A changeset can't contain a GET request.")
                    : _dispatcher.Handle(request, transaction, s => Resolve(s, references));
                Log(batch, part, response);
                if (response.Status >= 400)
                {
                    failure = response;
                    responses.Add((part, response));
                    break;
                }

                if (part.ContentId is { } id && response.Headers.TryGetValue("OData-EntityId", out var entityId))
                {
                    references["$" + id] = entityId;
                }

                responses.Add((part, response));
            }

            if (failure is null)
            {
                _state.Counters.Committed(transaction.Creates, transaction.Updates, transaction.Deletes);
                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
                _state.Counters.Failed();
            }
        }

        if (failure is not null)
        {
            AppendPart(output, boundary, responses[^1].Part.ContentId, failure);
            return true;
        }

        var changeBoundary = "changesetresponse_" + Guid.NewGuid();
        output.Append("--").Append(boundary).Append("\r\nContent-Type: multipart/mixed; boundary=").Append(changeBoundary).Append("\r\n\r\n");
        foreach (var (part, response) in responses)
        {
            AppendPart(output, changeBoundary, part.ContentId, response);
        }

        output.Append("--").Append(changeBoundary).Append("--\r\n");
        return false;
    }

    private Uri Resolve(string reference, Dictionary<string, string> references)
    {
        foreach (var (key, url) in references)
        {
            if (reference == key || reference.StartsWith(key + "/", StringComparison.Ordinal))
            {
                return new Uri(url + reference[key.Length..]);
            }
        }

        // "/contacts(id)" in a bind is relative to the service root, as outside a batch; on Linux Uri.TryCreate would
        // otherwise read it as an absolute file path.
        return Uri.TryCreate(reference, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            ? absolute
            : new Uri(_state.ServiceRoot, reference.TrimStart('/'));
    }

    private ApiRequest ToRequest(ApiRequest batch, BatchParser.Part part, Dictionary<string, string>? references) => new()
    {
        Method = part.Method,
        Uri = Resolve(part.Url, references ?? []),
        Headers = part.Headers,
        Body = part.Body,
        User = batch.User,
    };

    private static void AppendPart(StringBuilder output, string boundary, string? contentId, ApiResponse response)
    {
        output.Append("--").Append(boundary).Append("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId is not null)
        {
            output.Append("Content-ID: ").Append(contentId).Append("\r\n");
        }

        output.Append("\r\nHTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrases.GetReasonPhrase(response.Status)).Append("\r\n");
        output.Append("OData-Version: 4.0\r\n");
        foreach (var (name, value) in response.Headers)
        {
            output.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (response.Body is { } body)
        {
            output.Append("Content-Type: ").Append(response.ContentType).Append("\r\n\r\n").Append(Encoding.UTF8.GetString(body)).Append("\r\n");
        }
        else
        {
            output.Append("\r\n");
        }
    }

    private void Log(ApiRequest batch, BatchParser.Part part, ApiResponse response) =>
        _state.Record(new RequestLogEntry(_state.Time.GetUtcNow(), batch.User.Id, part.Method, part.Url, response.Status, response.ErrorCode,
            response.RequestedColumns, response.WrittenColumns, InBatch: true, response.PageRows));
}
