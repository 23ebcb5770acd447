using System.Diagnostics;
using System.Text.Json;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// The same-run CPU reference for the agent's CPU per cycle (issue 17): the CPU time System.Text.Json alone takes to
/// parse every JSON document in the bytes the cycle sent and received and to serialise it again. A <c>$batch</c> body
/// is multipart text whose JSON documents are single lines starting with <c>{</c>; those lines are the documents.
/// Single thread, process CPU time, the best of three passes after a warm-up pass.
/// </summary>
internal static class JsonReference
{
    public static TimeSpan Measure(IReadOnlyCollection<byte[]> bodies)
    {
        var documents = bodies.SelectMany(Documents).ToList();
        Pass(documents);
        var best = TimeSpan.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < 3; i++)
        {
            process.Refresh();
            var start = process.TotalProcessorTime;
            Pass(documents);
            process.Refresh();
            var cpu = process.TotalProcessorTime - start;
            best = cpu < best ? cpu : best;
        }

        return best;
    }

    private static void Pass(List<ReadOnlyMemory<byte>> documents)
    {
        using var output = new MemoryStream();
        using var writer = new Utf8JsonWriter(output);
        foreach (var document in documents)
        {
            using var parsed = JsonDocument.Parse(document);
            parsed.WriteTo(writer);
            writer.Flush();
            output.SetLength(0);
            writer.Reset(output);
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Documents(byte[] body)
    {
        if (body.Length == 0)
        {
            yield break;
        }

        if (body[0] is (byte)'{' or (byte)'[')
        {
            yield return body;
            yield break;
        }

        var start = 0;
        while (start < body.Length)
        {
            var end = Array.IndexOf(body, (byte)'\n', start);
            end = end < 0 ? body.Length : end;
            var length = end - start;
            if (length > 0 && body[end - 1] == '\r')
            {
                length--;
            }

            if (length > 1 && body[start] == '{')
            {
                yield return new ReadOnlyMemory<byte>(body, start, length);
            }

            start = end + 1;
        }
    }
}
