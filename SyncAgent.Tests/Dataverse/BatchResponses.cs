using System.Net;
using System.Text;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>
/// Composes $batch responses in the shape shown in "Execute batch operations using the Web API"
/// (learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api):
/// batchresponse_ boundary, a changesetresponse_ part per changeset with Content-ID, and under
/// odata.continue-on-error a failed changeset answered by a single application/http error part.
/// </summary>
internal static class BatchResponses
{
    public static HttpResponseMessage Create(params string[] parts)
    {
        var boundary = "batchresponse_" + Guid.NewGuid().ToString("D");
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append("--").Append(boundary).Append("\r\n").Append(part).Append("\r\n");
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString()));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary={boundary}");
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        response.Headers.TryAddWithoutValidation("OData-Version", "4.0");
        return response;
    }

    /// <summary>A bare application/http part.</summary>
    public static string Part(string http) =>
        "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" + http;

    /// <summary>A changeset response holding one operation response with its Content-ID.</summary>
    public static string Changeset(string contentId, string http)
    {
        var boundary = "changesetresponse_" + Guid.NewGuid().ToString("D");
        return $"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n"
            + $"--{boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: {contentId}\r\n\r\n"
            + http + $"\r\n--{boundary}--";
    }

    /// <summary>An embedded HTTP response.</summary>
    public static string Http(int status, string reason, string? json = null, string? entityId = null)
    {
        var text = new StringBuilder($"HTTP/1.1 {status} {reason}\r\n");
        if (entityId is not null)
        {
            text.Append("Location: ").Append(entityId).Append("\r\nOData-EntityId: ").Append(entityId).Append("\r\n");
        }

        if (json is null)
        {
            return text.Append("OData-Version: 4.0\r\n\r\n").ToString();
        }

        return text.Append("Content-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n").Append(json).ToString();
    }
}
