using System.Text;
using BenchmarkDotNet.Attributes;
using CrmSync.SyncAgent.Dataverse.Batch;

namespace CrmSync.Benchmarks.Micro.Dataverse;

/// <summary>
/// Reading one full <c>$batch</c> response with <see cref="BatchResponseReader"/> (MultipartReader): 1,000 changeset
/// responses of one <c>204 No Content</c> each, the answer to a cycle's 1,000 updates, in the shape of
/// "Execute batch operations using the Web API". One operation is one write.
/// </summary>
[MemoryDiagnoser]
public class BatchResponseBenchmarks
{
    private const int Writes = 1000;

    private byte[] _body = [];
    private string _contentType = "";

    [GlobalSetup]
    public void Setup()
    {
        var boundary = "batchresponse_" + Guid.NewGuid().ToString("D");
        var text = new StringBuilder();
        for (var i = 1; i <= Writes; i++)
        {
            var changeset = "changesetresponse_" + Guid.NewGuid().ToString("D");
            text.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n")
                .Append("--").Append(changeset).Append("\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: ").Append(i).Append("\r\n\r\n")
                .Append("HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n")
                .Append("--").Append(changeset).Append("--\r\n");
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        _body = Encoding.UTF8.GetBytes(text.ToString());
        _contentType = "multipart/mixed; boundary=" + boundary;
    }

    [Benchmark(OperationsPerInvoke = Writes, Description = "$batch response, 1,000 changesets, per write")]
    public async Task<int> Read()
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.TryAddWithoutValidation("Content-Type", _contentType);
        var parts = await BatchResponseReader.ReadAsync(content, CancellationToken.None).ConfigureAwait(false);
        return parts.Count;
    }
}
