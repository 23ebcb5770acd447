using System.Text;

namespace CrmSync.SyncAgent.Http;

/// <summary>Writes RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled.</summary>
internal static class CsvWriter
{
    /// <summary>Writes one record followed by CRLF.</summary>
    public static void WriteRow(StringBuilder output, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                output.Append(',');
            }

            first = false;
            Append(output, field ?? string.Empty);
        }

        output.Append("\r\n");
    }

    private static void Append(StringBuilder output, string field)
    {
        // A leading =, +, - or @ would make a spreadsheet evaluate the cell, and so would a TAB or CR before one
        // (OWASP CSV injection): prefix it with a quote.
        var guarded = field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + field : field;
        if (guarded.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            output.Append(guarded);
            return;
        }

        output.Append('"').Append(guarded.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
