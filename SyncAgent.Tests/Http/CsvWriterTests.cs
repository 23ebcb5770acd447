using System.Text;
using CrmSync.SyncAgent.Http;

namespace CrmSync.SyncAgent.Tests.Http;

public class CsvWriterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("with, comma")]
    [InlineData("with \"quotes\"")]
    [InlineData("line\r\nbreak")]
    [InlineData("emoji 😀 and עברית")]
    [InlineData("")]
    public void WriteRow_AnyField_RoundTrips(string value)
    {
        var csv = new StringBuilder();
        CsvWriter.WriteRow(csv, ["a", value, "z"]);
        CsvWriter.WriteRow(csv, ["second", "row", "here"]);

        var rows = CsvReader.Parse(csv.ToString());

        Assert.Equal(2, rows.Count);
        Assert.Equal(["a", value, "z"], rows[0]);
        Assert.Equal(["second", "row", "here"], rows[1]);
    }

    [Fact]
    public void WriteRow_FormulaLikeField_IsDefused()
    {
        var csv = new StringBuilder();
        CsvWriter.WriteRow(csv, ["=HYPERLINK(\"x\")"]);

        Assert.StartsWith("\"'=HYPERLINK", csv.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Issue 18 item 9: a spreadsheet skips a leading TAB or CR and evaluates what follows.</summary>
    [Theory]
    [InlineData("\t=1+2", "'\t=1+2\r\n")]
    [InlineData("\r=1+2", "\"'\r=1+2\"\r\n")]
    [InlineData("\tplain", "'\tplain\r\n")]
    [InlineData("+1", "'+1\r\n")]
    public void WriteRow_LeadingTabOrCarriageReturn_IsDefusedLikeFormulas(string value, string expected)
    {
        var csv = new StringBuilder();
        CsvWriter.WriteRow(csv, [value]);

        Assert.Equal(expected, csv.ToString());
    }
}
