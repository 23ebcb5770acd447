using System.Globalization;
using System.Text;

namespace CrmSync.Benchmarks.EndToEnd.Report;

/// <summary>Each issue-8 measure beside its target, printed as a Markdown table (pasted into tools/BENCHMARKS.md).</summary>
internal sealed class ResultTable
{
    private readonly List<(string Measure, string Target, string Measured, string Verdict)> _rows = [];

    public void Add(string measure, string target, string measured, bool? met) =>
        _rows.Add((measure, target, measured, met switch { true => "met", false => "MISSED", null => "n/a" }));

    public static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| measure | target | measured | |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (measure, target, measured, verdict) in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {measure} | {target} | {measured} | {verdict} |");
        }

        return text.ToString();
    }
}
