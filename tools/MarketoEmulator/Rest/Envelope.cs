using System.Globalization;
using System.Text.Json.Nodes;

namespace CrmSync.MarketoEmulator.Rest;

/// <summary>
/// Marketo's response envelope: <c>requestId</c>, <c>success</c>, then <c>result</c> or <c>errors</c>,
/// <c>nextPageToken</c>/<c>moreResult</c> where paging applies. Response- and record-level errors use HTTP 200.
/// </summary>
internal static class Envelope
{
    /// <summary>Key under which a handler stores the error code for the request log.</summary>
    public const string ErrorCodeItem = "mkto.errorCode";

    private static long _sequence;

    /// <summary>A request id shaped like Marketo's (<c>e42b#14272d07d78</c>): a hex sequence, '#', hex epoch millis.</summary>
    public static string NewRequestId(TimeProvider time) =>
        string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Increment(ref _sequence):x}#{time.GetUtcNow().ToUnixTimeMilliseconds():x}");

    public static Task Success(HttpContext ctx, TimeProvider time, JsonArray result, string? nextPageToken = null, bool? moreResult = null)
    {
        var body = new JsonObject { ["requestId"] = NewRequestId(time), ["success"] = true };
        if (nextPageToken is not null)
        {
            body["nextPageToken"] = nextPageToken;
        }

        if (moreResult is { } more)
        {
            body["moreResult"] = more;
        }

        body["result"] = result;
        return Json.Write(ctx, body);
    }

    /// <summary>A success answer with neither result nor token (Merge Leads).</summary>
    public static Task Done(HttpContext ctx, TimeProvider time) =>
        Json.Write(ctx, new JsonObject { ["requestId"] = NewRequestId(time), ["success"] = true });

    /// <summary>A success answer without a result (Get Paging Token).</summary>
    public static Task Token(HttpContext ctx, TimeProvider time, string nextPageToken) =>
        Json.Write(ctx, new JsonObject { ["requestId"] = NewRequestId(time), ["success"] = true, ["nextPageToken"] = nextPageToken });

    public static Task Error(HttpContext ctx, TimeProvider time, MarketoReason error)
    {
        ctx.Items[ErrorCodeItem] = error.Code;
        return Json.Write(ctx, new JsonObject
        {
            ["requestId"] = NewRequestId(time),
            ["success"] = false,
            ["errors"] = new JsonArray(Reason(error)),
        });
    }

    public static JsonObject Reason(MarketoReason reason) => new() { ["code"] = reason.Code, ["message"] = reason.Message };
}
