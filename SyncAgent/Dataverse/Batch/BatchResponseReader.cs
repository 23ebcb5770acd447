using System.Globalization;
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
    public static async Task<IReadOnlyList<BatchOperationResponse>> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var boundary = GetBoundary(content.Headers.ContentType)
            ?? throw new InvalidDataException("The $batch response is not multipart/mixed with a boundary.");
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<BatchOperationResponse>();
        var reader = new MultipartReader(boundary, stream);
        var index = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            var type = ParseContentType(section.ContentType);
            if (type?.MediaType == "multipart/mixed" && GetBoundary(type) is { } inner)
            {
                var nested = new MultipartReader(inner, section.Body);
                while (await nested.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } operation)
                {
                    results.Add(await ReadOperationAsync(index, operation, cancellationToken).ConfigureAwait(false));
                }
            }
            else
            {
                results.Add(await ReadOperationAsync(index, section, cancellationToken).ConfigureAwait(false));
            }

            index++;
        }

        return results;
    }

    private static async Task<BatchOperationResponse> ReadOperationAsync(int index, MultipartSection section, CancellationToken cancellationToken)
    {
        var contentId = section.Headers is { } headers && headers.TryGetValue("Content-ID", out var id) ? id.ToString() : null;
        using var buffer = new MemoryStream();
        await section.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return ParseHttpResponse(index, contentId, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Parses an embedded HTTP response: status line, headers, blank line, body.</summary>
    internal static BatchOperationResponse ParseHttpResponse(int index, string? contentId, ReadOnlySpan<byte> message)
    {
        var headerEnd = message.IndexOf("\r\n\r\n"u8);
        var separator = 4;
        if (headerEnd < 0)
        {
            headerEnd = message.IndexOf("\n\n"u8);
            separator = 2;
        }

        var head = Encoding.ASCII.GetString(headerEnd < 0 ? message : message[..headerEnd]);
        var body = headerEnd < 0 ? [] : message[(headerEnd + separator)..].ToArray();
        var lines = head.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            throw new InvalidDataException("An operation in the $batch response has no status line.");
        }

        // "HTTP/1.1 204 No Content"
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new InvalidDataException($"Bad status line in the $batch response: '{lines[0]}'.");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new BatchOperationResponse(index, contentId, (HttpStatusCode)code, fields, body);
    }

    private static MediaTypeHeaderValue? ParseContentType(string? value) =>
        MediaTypeHeaderValue.TryParse(value, out var parsed) ? parsed : null;

    private static string? GetBoundary(MediaTypeHeaderValue? type) =>
        type?.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
}
