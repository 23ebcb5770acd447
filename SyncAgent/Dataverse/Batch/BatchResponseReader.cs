using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>
/// Reads a <c>$batch</c> response with <see cref="MultipartReader"/>: top-level parts are either a changeset
/// response (nested <c>multipart/mixed</c>) or a single <c>application/http</c> response — which is also how a
/// failed changeset is answered under <c>Prefer: odata.continue-on-error</c>.
/// </summary>
internal static class BatchResponseReader
{
    private const int NestedBufferSize = 512;

    public static async Task<IReadOnlyList<BatchOperationResponse>> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var boundary = GetBoundary(content.Headers.ContentType)
            ?? throw new InvalidDataException("The $batch response is not multipart/mixed with a boundary.");
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<BatchOperationResponse>();
        var reader = new MultipartReader(boundary, stream);
        var index = 0;

        // One buffer for every operation's embedded response: it is parsed before the next one is read.
        using var buffer = new MemoryStream();
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (GetNestedBoundary(section.ContentType) is { } inner)
            {
                // A changeset response holds one short operation response: a small read buffer is plenty (the default
                // 4 KB, rented per reader and never returned, was most of what reading a large batch allocated).
                var nested = new MultipartReader(inner, section.Body, NestedBufferSize);
                while (await nested.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } operation)
                {
                    results.Add(await ReadOperationAsync(index, operation, buffer, cancellationToken).ConfigureAwait(false));
                }
            }
            else
            {
                results.Add(await ReadOperationAsync(index, section, buffer, cancellationToken).ConfigureAwait(false));
            }

            index++;
        }

        return results;
    }

    private static async Task<BatchOperationResponse> ReadOperationAsync(int index, MultipartSection section, MemoryStream buffer, CancellationToken cancellationToken)
    {
        var contentId = section.Headers is { } headers && headers.TryGetValue("Content-ID", out var id) ? id.ToString() : null;
        buffer.SetLength(0);
        await section.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return ParseHttpResponse(index, contentId, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Parses an embedded HTTP response: status line, headers, blank line, body (CRLF or bare LF line ends). The headers
    /// are skipped: the outcome is read from the status and the body.
    /// </summary>
    internal static BatchOperationResponse ParseHttpResponse(int index, string? contentId, ReadOnlySpan<byte> message)
    {
        var headerEnd = message.IndexOf("\r\n\r\n"u8);
        var separator = 4;
        if (headerEnd < 0)
        {
            headerEnd = message.IndexOf("\n\n"u8);
            separator = 2;
        }

        var head = headerEnd < 0 ? message : message[..headerEnd];
        var body = headerEnd < 0 ? [] : message[(headerEnd + separator)..].ToArray();

        // "HTTP/1.1 204 No Content"
        var lineEnd = head.IndexOf((byte)'\n');
        var statusLine = (lineEnd < 0 ? head : head[..lineEnd]).Trim(" \t\r"u8);
        if (statusLine.IsEmpty)
        {
            throw new InvalidDataException("An operation in the $batch response has no status line.");
        }

        var afterVersion = statusLine.IndexOf((byte)' ');
        var rest = afterVersion < 0 ? [] : statusLine[(afterVersion + 1)..].TrimStart((byte)' ');
        var codeEnd = rest.IndexOf((byte)' ');
        var codeText = codeEnd < 0 ? rest : rest[..codeEnd];
        if (!statusLine.StartsWith("HTTP/"u8) || !Utf8Parser.TryParse(codeText, out int code, out var consumed) || consumed != codeText.Length || codeText.Length != 3)
        {
            throw new InvalidDataException($"Bad status line in the $batch response: '{Encoding.ASCII.GetString(statusLine)}'.");
        }

        return new BatchOperationResponse(index, contentId, (HttpStatusCode)code, body);
    }

    // A changeset's response is a nested multipart/mixed part; anything else is one operation's response.
    private static string? GetNestedBoundary(string? contentType) =>
        contentType is not null && contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase)
            ? GetBoundary(ParseContentType(contentType))
            : null;

    private static MediaTypeHeaderValue? ParseContentType(string? value) =>
        MediaTypeHeaderValue.TryParse(value, out var parsed) ? parsed : null;

    private static string? GetBoundary(MediaTypeHeaderValue? type) =>
        type?.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
}
