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

    /// <summary>Reads CSV text back into rows (used to prove exports round-trip).</summary>
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
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
