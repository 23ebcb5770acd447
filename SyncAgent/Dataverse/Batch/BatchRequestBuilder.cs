using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>
/// Builds a <c>$batch</c> body (learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api):
/// <c>multipart/mixed</c> with boundary <c>batch_&lt;id&gt;</c>; each write either in its own changeset
/// (<c>changeset_&lt;id&gt;</c>, one transaction per record) or as a bare part; every operation is an
/// <c>application/http</c> part with <c>Content-Transfer-Encoding: binary</c>.
/// </summary>
internal static class BatchRequestBuilder
{
    /// <summary>
    /// The multipart body for <paramref name="writes"/>. Operation <c>i</c> gets Content-ID <c>i+1</c> (inside a
    /// changeset), so its response maps back to it.
    /// </summary>
    public static MultipartContent Build(Uri serviceRoot, IReadOnlyList<RecordWrite> writes, string batchId, bool changesetPerWrite)
    {
        var batch = Multipart("batch_" + batchId);
        for (var i = 0; i < writes.Count; i++)
        {
            var operation = CreateOperationPart(serviceRoot, writes[i]);
            if (changesetPerWrite)
            {
                operation.Headers.TryAddWithoutValidation("Content-ID", (i + 1).ToString(CultureInfo.InvariantCulture));
                var changeset = Multipart("changeset_" + batchId + "_" + (i + 1).ToString(CultureInfo.InvariantCulture));
                changeset.Add(operation);
                batch.Add(changeset);
            }
            else
            {
                batch.Add(operation);
            }
        }

        return batch;
    }

    // MultipartContent quotes the boundary parameter; the documented examples send it bare (a valid token either way).
    private static MultipartContent Multipart(string boundary)
    {
        var content = new MultipartContent("mixed", boundary);
        content.Headers.ContentType = new MediaTypeHeaderValue("multipart/mixed") { Parameters = { new NameValueHeaderValue("boundary", boundary) } };
        return content;
    }

    /// <summary>The HTTP request line, headers and body of one write, as an <c>application/http</c> part.</summary>
    public static ByteArrayContent CreateOperationPart(Uri serviceRoot, RecordWrite write)
    {
        var set = EntityNames.EntitySet(write.Entity);
        var uri = new Uri(serviceRoot, $"{set}({write.Id:D})");
        var text = new StringBuilder();
        var method = write.Kind == RecordWriteKind.Delete ? "DELETE" : "PATCH";
        text.Append(method).Append(' ').Append(uri.AbsoluteUri).Append(" HTTP/1.1\r\n");
        switch (write.Kind)
        {
            case RecordWriteKind.Update:
                text.Append("If-Match: *\r\n");
                break;
            case RecordWriteKind.Create:
                text.Append("If-None-Match: *\r\n");
                break;
        }

        if (write.Body is { } body)
        {
            text.Append("Content-Type: application/json\r\n\r\n");
            text.Append(body.ToJsonString());
        }
        else
        {
            text.Append("\r\n");
        }

        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString()));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/http");
        part.Headers.TryAddWithoutValidation("Content-Transfer-Encoding", "binary");
        return part;
    }
}
