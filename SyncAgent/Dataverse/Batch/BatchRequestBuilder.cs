using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>
/// Builds a <c>$batch</c> body (learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api):
/// <c>multipart/mixed</c> with boundary <c>batch_&lt;id&gt;</c>; each write either in its own changeset
/// (<c>changeset_&lt;id&gt;</c>, one transaction per record) or as a bare part; every operation is an
/// <c>application/http</c> part with <c>Content-Transfer-Encoding: binary</c>.
/// </summary>
/// <remarks>
/// The multipart framing is <see cref="MultipartContent"/>'s. What goes inside each <c>application/http</c> part (the
/// request line, its headers and the JSON body) is written for all operations into one buffer, with the JSON
/// written straight as UTF-8, and each part is a slice of it: a 1,000-operation batch allocates one buffer instead of
/// a string, a copy and an array per operation (tools/BENCHMARKS.md, agent CPU).
/// </remarks>
internal static class BatchRequestBuilder
{
    private const string OperationContentType = "application/http";

    /// <summary>
    /// The multipart body for <paramref name="writes"/>. Operation <c>i</c> gets Content-ID <c>i+1</c> (inside a
    /// changeset), so its response maps back to it.
    /// </summary>
    public static MultipartContent Build(Uri serviceRoot, IReadOnlyList<RecordWrite> writes, string batchId, bool changesetPerWrite)
    {
        var operations = WriteOperations(serviceRoot, writes);
        var batch = Multipart("batch_" + batchId);
        for (var i = 0; i < writes.Count; i++)
        {
            var operation = Part(operations[i]);
            if (changesetPerWrite)
            {
                var contentId = (i + 1).ToString(CultureInfo.InvariantCulture);
                operation.Headers.TryAddWithoutValidation("Content-ID", contentId);
                var changeset = Multipart("changeset_" + batchId + "_" + contentId);
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

    /// <summary>Every write's embedded request, in one buffer; one slice per write.</summary>
    private static ArraySegment<byte>[] WriteOperations(Uri serviceRoot, IReadOnlyList<RecordWrite> writes)
    {
        var root = serviceRoot.AbsoluteUri;
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, writes.Count * 320));
        var ends = new int[writes.Count];
        using (var json = new Utf8JsonWriter(buffer))
        {
            for (var i = 0; i < writes.Count; i++)
            {
                WriteOperation(buffer, json, root, writes[i]);
                ends[i] = buffer.WrittenCount;
            }
        }

        if (!MemoryMarshal.TryGetArray(buffer.WrittenMemory, out var written))
        {
            throw new InvalidOperationException("ArrayBufferWriter is backed by an array.");
        }

        var slices = new ArraySegment<byte>[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var start = i == 0 ? 0 : ends[i - 1];
            slices[i] = written.Slice(start, ends[i] - start);
        }

        return slices;
    }

    // PATCH {root}{set}({id}) HTTP/1.1, If-Match or If-None-Match, then the JSON body (none for DELETE).
    private static void WriteOperation(ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, string root, RecordWrite write)
    {
        Utf8(buffer, write.Kind == RecordWriteKind.Delete ? "DELETE " : "PATCH ");
        Utf8(buffer, root);
        Utf8(buffer, EntityNames.EntitySet(write.Entity));
        Utf8(buffer, "(");
        var span = buffer.GetSpan(36);
        write.Id.TryFormat(span, out var length, "D");
        buffer.Advance(length);
        Utf8(buffer, ") HTTP/1.1\r\n");
        switch (write.Kind)
        {
            case RecordWriteKind.Update:
                Utf8(buffer, "If-Match: *\r\n");
                break;
            case RecordWriteKind.Create:
                Utf8(buffer, "If-None-Match: *\r\n");
                break;
        }

        if (write.Body is { } body)
        {
            Utf8(buffer, "Content-Type: application/json\r\n\r\n");
            json.Reset(buffer);
            body.WriteTo(json);
            json.Flush();
        }
        else
        {
            Utf8(buffer, "\r\n");
        }
    }

    private static void Utf8(ArrayBufferWriter<byte> buffer, string text) => Encoding.UTF8.GetBytes(text, buffer);

    private static ByteArrayContent Part(ArraySegment<byte> operation)
    {
        var part = new ByteArrayContent(operation.Array!, operation.Offset, operation.Count);
        part.Headers.TryAddWithoutValidation("Content-Type", OperationContentType);
        part.Headers.TryAddWithoutValidation("Content-Transfer-Encoding", "binary");
        return part;
    }

    // MultipartContent quotes the boundary parameter; the documented examples send it bare (a valid token either way).
    private static MultipartContent Multipart(string boundary)
    {
        var content = new MultipartContent("mixed", boundary);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/mixed; boundary=" + boundary);
        return content;
    }
}
