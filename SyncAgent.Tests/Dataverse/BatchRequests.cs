using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>One operation of a recorded $batch request, as the server would see it.</summary>
internal sealed record BatchRequestPart(
    string? ChangesetBoundary, string? ContentId, string? ContentType, string? TransferEncoding,
    string RequestLine, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Reads a recorded $batch request body with MultipartReader, to assert every part.</summary>
internal static class BatchRequests
{
    public static async Task<IReadOnlyList<BatchRequestPart>> ReadAsync(RecordedRequest request)
    {
        var type = MediaTypeHeaderValue.Parse(request.ContentType!);
        Assert.Equal("multipart/mixed", type.MediaType);
        var boundary = Boundary(type);
        Assert.StartsWith("batch_", boundary, StringComparison.Ordinal);

        var parts = new List<BatchRequestPart>();
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var sectionType = MediaTypeHeaderValue.Parse(section.ContentType!);
            if (sectionType.MediaType == "multipart/mixed")
            {
                var inner = Boundary(sectionType);
                var nested = new MultipartReader(inner, section.Body);
                var count = 0;
                while (await nested.ReadNextSectionAsync() is { } operation)
                {
                    parts.Add(await ReadOperationAsync(operation, inner));
                    count++;
                }

                Assert.Equal(1, count); // one record per changeset
            }
            else
            {
                parts.Add(await ReadOperationAsync(section, null));
            }
        }

        return parts;
    }

    private static async Task<BatchRequestPart> ReadOperationAsync(MultipartSection section, string? changeset)
    {
        using var reader = new StreamReader(section.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split].Split("\r\n");
        var headers = head.Skip(1).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
        section.Headers!.TryGetValue("Content-ID", out var contentId);
        section.Headers.TryGetValue("Content-Transfer-Encoding", out var encoding);
        return new BatchRequestPart(
            changeset, contentId.Count == 0 ? null : contentId.ToString(), section.ContentType, encoding.ToString(),
            head[0], headers, text[(split + 4)..]);
    }

    private static string Boundary(MediaTypeHeaderValue type) =>
        type.Parameters.Single(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase)).Value!.Trim('"');
}
