using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>
/// Rows for a bulk <c>INSERT … SELECT … FROM json_each($rows)</c>: many rows travel as one JSON array of arrays in one
/// bound parameter. Microsoft.Data.Sqlite binds every parameter by name on every execution (a UTF-8 copy of each name
/// each time), which cost more than the insert itself when a cycle wrote 40,000 history events of 12 parameters each
/// (tools/BENCHMARKS.md, "Issue 17: agent CPU and planning (session 7)"). Strings are written as JSON strings with only
/// what JSON requires escaped (quote, backslash, control characters); SQLite's <c>json_extract</c> gives back the same
/// text. A lone surrogate reaches SQLite as it did when bound directly: the UTF-8 conversion of the whole parameter
/// replaces it with U+FFFD.
/// </summary>
/// <param name="command">The statement; it reads the rows from <paramref name="parameter"/> and is run once per flush.</param>
internal sealed class SqliteJsonRows(SqliteCommand command, string parameter)
{
    /// <summary>Characters after which the rows so far are written: the parameter stays off the large-object heap.</summary>
    private const int FlushAt = 30_000;

    private readonly StringBuilder json = new(FlushAt + 4_096);
    private bool firstValue;

    /// <summary>Starts a row.</summary>
    public SqliteJsonRows Row()
    {
        json.Append(json.Length == 0 ? "[[" : ",[");
        firstValue = true;
        return this;
    }

    /// <summary>An integer value.</summary>
    public SqliteJsonRows Value(long value)
    {
        Separator().Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>An integer value, or SQL NULL.</summary>
    public SqliteJsonRows Value(long? value) => value is { } v ? Value(v) : Null();

    /// <summary>A text value, or SQL NULL.</summary>
    public SqliteJsonRows Value(string? value)
    {
        if (value is null)
        {
            return Null();
        }

        var builder = Separator().Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '"' or '\\' or < ' ')
            {
                builder.Append(value, start, i - start).Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
                start = i + 1;
            }
        }

        builder.Append(value, start, value.Length - start).Append('"');
        return this;
    }

    /// <summary>Ends a row; runs the statement when the rows so far are long enough.</summary>
    public void EndRow()
    {
        json.Append(']');
        if (json.Length >= FlushAt)
        {
            Flush();
        }
    }

    /// <summary>Runs the statement for the rows not yet written, if any.</summary>
    public void Flush()
    {
        if (json.Length == 0)
        {
            return;
        }

        command.Parameters[parameter].Value = json.Append(']').ToString();
        command.ExecuteNonQuery();
        json.Clear();
    }

    private SqliteJsonRows Null()
    {
        Separator().Append("null");
        return this;
    }

    private StringBuilder Separator()
    {
        if (!firstValue)
        {
            json.Append(',');
        }

        firstValue = false;
        return json;
    }
}
