using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>
/// Reads a <c>$batch</c> response (RFC 2046 multipart/mixed): top-level parts are either a changeset response (nested
/// <c>multipart/mixed</c>) or a single <c>application/http</c> response — which is also how a failed changeset is
/// answered under <c>Prefer: odata.continue-on-error</c>. The body is read whole into a pooled buffer and cut in place:
/// <c>MultipartReader</c>'s asynchronous line reads, one reader per changeset, were the largest single cost of the
/// Dynamics writes (tools/BENCHMARKS.md, "Issue 17: agent CPU and planning (session 7)").
/// </summary>
internal static class BatchResponseReader
{
    private const int FirstBufferSize = 64 * 1024;

    public static async Task<IReadOnlyList<BatchOperationResponse>> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var boundary = GetBoundary(content.Headers.ContentType)
            ?? throw new InvalidDataException("The $batch response is not multipart/mixed with a boundary.");
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var results = new List<BatchOperationResponse>();
            var index = 0;
            foreach (var part in Parts(buffer.AsMemory(0, length), boundary))
            {
                var (contentType, contentId, body) = ReadHeaders(part.Span);
                if (GetNestedBoundary(contentType) is { } inner)
                {
                    foreach (var operation in Parts(part[body..], inner))
                    {
                        var (_, operationId, message) = ReadHeaders(operation.Span);
                        results.Add(ParseHttpResponse(index, operationId, operation.Span[message..]));
                    }
                }
                else
                {
                    results.Add(ParseHttpResponse(index, contentId, part.Span[body..]));
                }

                index++;
            }

            return results;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The parts between <c>--boundary</c> delimiter lines up to the close delimiter <c>--boundary--</c>: the preamble
    /// and the rest of a delimiter line (transport padding) are skipped, and the line break before a delimiter belongs to
    /// the delimiter.
    /// </summary>
    internal static List<ReadOnlyMemory<byte>> Parts(ReadOnlyMemory<byte> multipart, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var all = multipart.Span;
        var parts = new List<ReadOnlyMemory<byte>>();
        var at = all.StartsWith(delimiter) ? 0 : NextDelimiter(all, 0, delimiter, out _);
        if (at < 0)
        {
            throw new InvalidDataException($"The multipart body has no delimiter line for boundary '{boundary}'.");
        }

        while (true)
        {
            var after = at + delimiter.Length;
            if (all[after..].StartsWith("--"u8))
            {
                return parts;
            }

            var lineEnd = all[after..].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                throw new InvalidDataException($"The multipart body ends inside a delimiter line of boundary '{boundary}'.");
            }

            var start = after + lineEnd + 1;
            var next = NextDelimiter(all, start, delimiter, out var end);
            if (next < 0)
            {
                throw new InvalidDataException($"The multipart body ends before the close delimiter of boundary '{boundary}'.");
            }

            parts.Add(multipart[start..end]);
            at = next;
        }
    }

    /// <summary>The next delimiter at the start of a line from <paramref name="from"/>; <paramref name="end"/> is where the
    /// part before it ends (before its CRLF or LF).</summary>
    private static int NextDelimiter(ReadOnlySpan<byte> all, int from, byte[] delimiter, out int end)
    {
        for (var search = from; search < all.Length;)
        {
            var found = all[search..].IndexOf(delimiter);
            if (found < 0)
            {
                break;
            }

            var at = search + found;
            if (at > 0 && all[at - 1] == (byte)'\n')
            {
                end = at - 1;
                if (end > from && all[end - 1] == (byte)'\r')
                {
                    end--;
                }

                end = Math.Max(end, from);
                return at;
            }

            search = at + 1;
        }

        end = -1;
        return -1;
    }

    /// <summary>A part's Content-Type and Content-ID headers and where its body starts (after the blank line).</summary>
    private static (string? ContentType, string? ContentId, int Body) ReadHeaders(ReadOnlySpan<byte> part)
    {
        string? contentType = null;
        string? contentId = null;
        var rest = part;
        while (true)
        {
            var lineEnd = rest.IndexOf((byte)'\n');
            var line = (lineEnd < 0 ? rest : rest[..lineEnd]).TrimEnd((byte)'\r');
            rest = lineEnd < 0 ? [] : rest[(lineEnd + 1)..];
            if (line.IsEmpty)
            {
                return (contentType, contentId, part.Length - rest.Length);
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"Bad header line in the $batch response: '{Encoding.ASCII.GetString(line)}'.");
            }

            var name = line[..colon].Trim(" \t"u8);
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                contentType = Encoding.ASCII.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-ID"u8))
            {
                contentId = Encoding.ASCII.GetString(value);
            }

            if (lineEnd < 0)
            {
                return (contentType, contentId, part.Length);
            }
        }
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

    // A changeset's response is a nested multipart/mixed part; anything else is one operation's response. Read by hand:
    // MediaTypeHeaderValue and a LINQ search once per changeset took 3 % of the agent's samples in a 20,000-each-side cycle.
    private static string? GetNestedBoundary(string? contentType) =>
        contentType is not null && contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase)
            ? BoundaryParameter(contentType)
            : null;

    /// <summary>The <c>boundary</c> parameter of a Content-Type value, without its quotes (a boundary holds no ';').</summary>
    internal static string? BoundaryParameter(string contentType)
    {
        foreach (var range in contentType.AsSpan().Split(';'))
        {
            var parameter = contentType.AsSpan(range).Trim();
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                return parameter[(equals + 1)..].Trim().Trim('"').ToString();
            }
        }

        return null;
    }

    private static string? GetBoundary(MediaTypeHeaderValue? type) =>
        type?.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
}
