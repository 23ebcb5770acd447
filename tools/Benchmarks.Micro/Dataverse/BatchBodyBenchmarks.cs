using System.Globalization;
using BenchmarkDotNet.Attributes;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.Staging;

namespace CrmSync.Benchmarks.Micro.Dataverse;

/// <summary>
/// Building and serializing one full <c>$batch</c> body: 1,000 updates with one changeset each (the cycle's
/// Dynamics writes), and 1,000 bare deletes (staging clean-up). One operation is one write.
/// </summary>
[MemoryDiagnoser]
public class BatchBodyBenchmarks
{
    private const int Writes = 1000;

    private static readonly Uri ServiceRoot = new("http://127.0.0.1:5555/api/data/v9.2/");

    private RecordWrite[] _updates = [];
    private RecordWrite[] _deletes = [];

    [GlobalSetup]
    public void Setup()
    {
        _updates = [.. Enumerable.Range(0, Writes).Select(i => RecordWrite.Update(
            i.ToString(CultureInfo.InvariantCulture),
            SyncedEntities.Contact,
            Guid.NewGuid(),
            ODataValues.ToBody(ServiceRoot, [
                KeyValuePair.Create("jobtitle", ChangeValue.FromString("Engineer " + i)),
                KeyValuePair.Create("address1_city", ChangeValue.FromString("Lisbon")),
                KeyValuePair.Create("telephone1", ChangeValue.FromString("+351 21 000 " + i)),
            ])))];
        _deletes = [.. Enumerable.Range(0, Writes).Select(_ => Guid.NewGuid()).Select(id => RecordWrite.Delete(id.ToString("D"), SyncEventTable.LogicalName, id))];
    }

    [Benchmark(OperationsPerInvoke = Writes, Description = "$batch 1,000 updates (changeset each), per write")]
    public Task<long> Updates() => SerializeAsync(_updates, changesetPerWrite: true);

    [Benchmark(OperationsPerInvoke = Writes, Description = "$batch 1,000 deletes, per write")]
    public Task<long> Deletes() => SerializeAsync(_deletes, changesetPerWrite: false);

    private static async Task<long> SerializeAsync(RecordWrite[] writes, bool changesetPerWrite)
    {
        using var content = BatchRequestBuilder.Build(ServiceRoot, writes, "5f0c7b1e-0000-4000-8000-000000000001", changesetPerWrite);
        var counter = new CountingStream();
        await content.CopyToAsync(counter).ConfigureAwait(false);
        return counter.Length;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
