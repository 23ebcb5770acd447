using System.Diagnostics;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// A fixed single-core loop to divide CPU-bound figures by, so that they compare across machines (issue 17): hash
/// lookups of 10,000 string keys and an ordinal comparison of each value found, the kind of work planning does. The
/// workload never changes; its rate (lookups per CPU second) is this machine's single-core speed for such work.
/// </summary>
internal static class Calibration
{
    private const int Keys = 10_000;

    public static double LookupsPerCpuSecond()
    {
        var keys = Enumerable.Range(0, Keys).Select(i => $"person-{i:D7}/field-{i % 11}").ToArray();
        var values = keys.ToDictionary(k => k, k => k.ToUpperInvariant(), StringComparer.Ordinal);
        var expected = keys.Select(k => k.ToUpperInvariant()).ToArray();
        Round(keys, values, expected);
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        long lookups = 0;
        TimeSpan cpu;
        do
        {
            for (var i = 0; i < 50; i++)
            {
                lookups += Round(keys, values, expected);
            }

            process.Refresh();
            cpu = process.TotalProcessorTime - start;
        }
        while (cpu < TimeSpan.FromSeconds(2));

        return lookups / cpu.TotalSeconds;
    }

    private static int Round(string[] keys, Dictionary<string, string> values, string[] expected)
    {
        var equal = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (values.TryGetValue(keys[i], out var value) && string.Equals(value, expected[i], StringComparison.Ordinal))
            {
                equal++;
            }
        }

        return equal == keys.Length ? keys.Length : throw new InvalidOperationException("Calibration lookups went wrong.");
    }
}
