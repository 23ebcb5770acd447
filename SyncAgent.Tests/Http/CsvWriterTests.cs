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
}
