using System.Text;
using CrmSync.DataverseEmulator.WebApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>
/// Reads a <c>multipart/mixed</c> $batch body with ASP.NET Core's <see cref="MultipartReader"/>: top-level
/// requests and changesets (nested multipart), each part an <c>application/http</c> request.
/// </summary>
internal static class BatchParser
{
    public sealed record Part(string Method, string Url, Dictionary<string, string> Headers, byte[] Body, string? ContentId);

    /// <summary>A top-level item: one request, or a changeset of several.</summary>
    public sealed record Item(Part? Request, IReadOnlyList<Part>? ChangeSet);

    public static async Task<List<Item>> ReadAsync(string contentType, Stream body, CancellationToken cancellationToken)
    {
        var boundary = Boundary(contentType);
        var reader = new MultipartReader(boundary, body);
        var items = new List<Item>();
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (section.ContentType?.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase) == true)
            {
                var changeSet = new List<Part>();
                var inner = new MultipartReader(Boundary(section.ContentType), section.Body);
                while (await inner.ReadNextSectionAsync(cancellationToken) is { } part)
                {
                    changeSet.Add(await ReadPartAsync(part, cancellationToken));
                }

                items.Add(new Item(null, changeSet));
            }
            else
            {
                items.Add(new Item(await ReadPartAsync(section, cancellationToken), null));
            }
        }

        return items;
    }

    private static string Boundary(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || HeaderUtilities.RemoveQuotes(media.Boundary).Length == 0)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, "A $batch body must be multipart/mixed with a boundary.");
        }

        return HeaderUtilities.RemoveQuotes(media.Boundary).ToString();
    }

    /// <summary>
    /// An <c>application/http</c> part: the request line, then headers and body in the same syntax as a
    /// multipart section, so the rest is read by re-framing it as one section for <see cref="MultipartReader"/>.
    /// </summary>
    private static async Task<Part> ReadPartAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await section.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var lineEnd = Array.IndexOf(bytes, (byte)'\n');
        if (lineEnd < 0)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, "A $batch part has no request line.");
        }

        var requestLine = Encoding.ASCII.GetString(bytes, 0, lineEnd).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requestLine.Length < 2)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, "A $batch part has an invalid request line.");
        }

        var frame = "frame_" + Guid.NewGuid().ToString("N");
        var framed = new MemoryStream();
        framed.Write(Encoding.ASCII.GetBytes($"--{frame}\r\n"));
        var rest = Encoding.UTF8.GetString(bytes, lineEnd + 1, bytes.Length - lineEnd - 1);
        if (!rest.StartsWith("\r\n", StringComparison.Ordinal) && !rest.Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            // No body: terminate the (possibly empty) header block so the section is well-formed.
            rest += "\r\n";
        }

        framed.Write(Encoding.UTF8.GetBytes(rest));
        framed.Write(Encoding.ASCII.GetBytes($"\r\n--{frame}--\r\n"));
        framed.Position = 0;
        var inner = await new MultipartReader(frame, framed).ReadNextSectionAsync(cancellationToken)
            ?? throw new WebApiException(400, ErrorCodes.InvalidArgument, "A $batch part could not be read.");
        using var body = new MemoryStream();
        await inner.Body.CopyToAsync(body, cancellationToken);
        var headers = inner.Headers?.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase) ?? [];
        var contentId = section.Headers?.TryGetValue("Content-ID", out var id) == true ? id.ToString() : null;
        return new Part(requestLine[0], requestLine[1], headers, body.ToArray(), contentId);
    }
}
