using System.Net;
using System.Text;
using CrmSync.SyncAgent.Dataverse.Batch;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>
/// The <c>$batch</c> response reader on the multipart shapes RFC 2046 allows beside the ones Dataverse sends
/// (<see cref="BatchResponses"/>): a preamble, transport padding after a delimiter, bare LF line ends, a body line that
/// starts like a delimiter, and the unreadable cases, which must fail with <see cref="InvalidDataException"/>.
/// </summary>
public sealed class BatchResponseReaderTests
{
    private static Task<IReadOnlyList<BatchOperationResponse>> ReadAsync(string body, string boundary = "batchresponse_1")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary={boundary}");
        return BatchResponseReader.ReadAsync(content, CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_ChangesetsAndAnErrorPart_OnePerOperationWithPartIndexAndContentId()
    {
        using var response = BatchResponses.Create(
            BatchResponses.Changeset("1", BatchResponses.Http(204, "No Content")),
            BatchResponses.Part(BatchResponses.Http(400, "Bad Request", """{"error":{"code":"0x80040265","message":"--batchresponse_ in a message"}}""")),
            BatchResponses.Changeset("3", BatchResponses.Http(201, "Created", """{"a":"b"}""")));

        var parts = await BatchResponseReader.ReadAsync(response.Content, CancellationToken.None);

        Assert.Equal(3, parts.Count);
        Assert.Equal((0, "1", HttpStatusCode.NoContent, ""), (parts[0].PartIndex, parts[0].ContentId, parts[0].Status, Encoding.UTF8.GetString(parts[0].Body)));
        Assert.Equal((1, null, HttpStatusCode.BadRequest), (parts[1].PartIndex, parts[1].ContentId, parts[1].Status));
        Assert.Equal("""{"error":{"code":"0x80040265","message":"--batchresponse_ in a message"}}""", Encoding.UTF8.GetString(parts[1].Body));
        Assert.Equal((2, "3", HttpStatusCode.Created, """{"a":"b"}"""), (parts[2].PartIndex, parts[2].ContentId, parts[2].Status, Encoding.UTF8.GetString(parts[2].Body)));
    }

    [Fact]
    public async Task ReadAsync_PreamblePaddingBareLineFeedsAndADelimiterLikeBodyLine_ReadAsSent()
    {
        var body = "a preamble line\n--batchresponse_1  \t\n"
            + "content-type: multipart/mixed; boundary=\"cs_2\"\n\n"
            + "--cs_2\ncontent-id:  7 \ncontent-type: application/http\n\nHTTP/1.1 412 Precondition Failed\nOData-Version: 4.0\n\n{\"x\":\"\n--batchresponse_2 and --cs_3 are not the boundaries\"}\n--cs_2--\n"
            + "--batchresponse_1\nContent-Type: application/http\n\nHTTP/1.1 204 No Content\n\n"
            + "\n--batchresponse_1--\nan epilogue";

        var parts = await ReadAsync(body);

        Assert.Equal(2, parts.Count);
        Assert.Equal((0, "7", HttpStatusCode.PreconditionFailed), (parts[0].PartIndex, parts[0].ContentId, parts[0].Status));
        Assert.Equal("{\"x\":\"\n--batchresponse_2 and --cs_3 are not the boundaries\"}", Encoding.UTF8.GetString(parts[0].Body));
        Assert.Equal((1, null, HttpStatusCode.NoContent, ""), (parts[1].PartIndex, parts[1].ContentId, parts[1].Status, Encoding.UTF8.GetString(parts[1].Body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no delimiter at all")]
    [InlineData("--batchresponse_1\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")]
    [InlineData("--batchresponse_1")]
    [InlineData("--batchresponse_1\r\nnot a header\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--batchresponse_1--")]
    public async Task ReadAsync_TruncatedOrMalformed_ThrowsInvalidDataException(string body)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(body));
    }

    [Fact]
    public async Task ReadAsync_ResponseLargerThanTheFirstBuffer_ReadsEveryOperation()
    {
        // 2,000 changesets of about 250 bytes: more than the 64 KB first buffer, so it grows while reading.
        using var response = BatchResponses.Create([.. Enumerable.Range(1, 2_000).Select(i => BatchResponses.Changeset(i.ToString(System.Globalization.CultureInfo.InvariantCulture), BatchResponses.Http(204, "No Content")))]);

        var parts = await BatchResponseReader.ReadAsync(response.Content, CancellationToken.None);

        Assert.Equal(2_000, parts.Count);
        Assert.Equal((1_999, "2000", HttpStatusCode.NoContent), (parts[1_999].PartIndex, parts[1_999].ContentId, parts[1_999].Status));
    }

    [Theory]
    [InlineData("multipart/mixed; boundary=changesetresponse_1", "changesetresponse_1")]
    [InlineData("multipart/mixed;boundary=\"cs 2\"", "cs 2")]
    [InlineData("Multipart/Mixed; charset=utf-8; BOUNDARY = x=y ", "x=y")]
    [InlineData("multipart/mixed; charset=utf-8", null)]
    public void BoundaryParameter_ContentTypes_BoundaryWithoutQuotes(string contentType, string? expected)
    {
        Assert.Equal(expected, BatchResponseReader.BoundaryParameter(contentType));
    }
}
