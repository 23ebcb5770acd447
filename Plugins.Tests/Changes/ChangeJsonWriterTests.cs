using System.Globalization;
using System.Text.Json;
using CrmSync.Plugins.Changes;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Changes;

/// <summary>The typed values of <c>crmsync_changes</c> (DESIGN §2, <c>ChangeValueJson</c>).</summary>
public class ChangeJsonWriterTests
{
    private static readonly Guid Id = new("d3b07384-d9a0-4c9b-8e6a-1f2a3b4c5d6e");

    public static TheoryData<object?, string> Values() => new()
    {
        { null, "null" },
        { "Ada", "\"Ada\"" },
        { "", "null" },
        { 42, "42" },
        { -7L, "-7" },
        { 9007199254740993L, "9007199254740993" },
        { 12.50m, "12.50" },
        { 0.1d, "0.1" },
        { -1.5e300d, "-1.5E+300" },
        { double.NaN, "null" },
        { true, "true" },
        { false, "false" },
        { new DateTime(2025, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc), "\"2025-03-14T09:26:53.589Z\"" },
        { new DateTime(2025, 3, 14, 9, 26, 53, DateTimeKind.Unspecified), "\"2025-03-14T09:26:53.000Z\"" },
        { Id, "\"d3b07384-d9a0-4c9b-8e6a-1f2a3b4c5d6e\"" },
        { new OptionSetValue(100000001), "{\"optionset\":100000001}" },
        { new OptionSetValueCollection([new OptionSetValue(3), new OptionSetValue(1)]), "\"3,1\"" },
        { new OptionSetValueCollection(), "null" },
        { new Money(1234.5m), "{\"money\":1234.5}" },
        { new Money(-0.01m), "{\"money\":-0.01}" },
        { new EntityReference("account", Id), "{\"ref\":{\"entity\":\"account\",\"id\":\"d3b07384-d9a0-4c9b-8e6a-1f2a3b4c5d6e\"}}" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Write_EveryValueType_FollowsTheContract(object? value, string expected)
    {
        var json = ChangeJsonWriter.Write([new("a", value)]);

        Assert.Equal("{\"a\":" + expected + "}", json);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
    }

    [Fact]
    public void Write_LocalDateTime_IsConvertedToUtc()
    {
        var utc = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

        var json = ChangeJsonWriter.Write([new("d", utc.ToLocalTime())]);

        Assert.Equal("{\"d\":\"2025-06-01T12:00:00.000Z\"}", json);
    }

    [Fact]
    public void Write_SeveralAttributes_KeepsTheirOrder()
    {
        var json = ChangeJsonWriter.Write([new("b", 1), new("a", 2), new("c", null)]);

        Assert.Equal("{\"b\":1,\"a\":2,\"c\":null}", json);
    }

    [Fact]
    public void Write_NoChanges_IsAnEmptyObject()
    {
        Assert.Equal("{}", ChangeJsonWriter.Write([]));
    }

    [Fact]
    public void Write_StringWithQuotesBackslashesAndControlCharacters_IsEscaped()
    {
        var text = "say \"hi\"\\ C:\\temp\r\n\ttab\b\f\u0001\u001f\u007f/</script>\u2028\u2029";

        var json = ChangeJsonWriter.Write([new("s", text)]);

        Assert.Equal(
            "{\"s\":\"say \\\"hi\\\"\\\\ C:\\\\temp\\r\\n\\ttab\\b\\f\\u0001\\u001f\u007f/</script>\\u2028\\u2029\"}",
            json);
        Assert.Equal(text, RoundTrip(json, "s"));
    }

    [Theory]
    [InlineData("Ünïcödé — ñ ß 日本語 Ελληνικά עברית")]
    [InlineData("emoji 😀👩‍💻🏳️‍🌈 and 𝄞")]
    public void Write_UnicodeAndEmoji_RoundTrip(string text)
    {
        var json = ChangeJsonWriter.Write([new("s", text)]);

        Assert.Equal("{\"s\":\"" + text + "\"}", json);
        Assert.Equal(text, RoundTrip(json, "s"));
    }

    [Fact]
    public void Write_LoneSurrogate_IsEscapedSoTheTextStaysValid()
    {
        var json = ChangeJsonWriter.Write([new("s", "a\ud800b\udc00")]);

        Assert.Equal("{\"s\":\"a\\ud800b\\udc00\"}", json);
    }

    [Fact]
    public void Write_AttributeNameNeedingEscapes_IsEscaped()
    {
        var json = ChangeJsonWriter.Write([new("we\"ird", 1)]);

        Assert.Equal(1, JsonDocument.Parse(json).RootElement.GetProperty("we\"ird").GetInt32());
    }

    [Fact]
    public void Write_UnderACommaDecimalCulture_UsesInvariantNumbers()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var json = ChangeJsonWriter.Write([new("d", 1.25d), new("m", new Money(1000.5m)), new("n", 1.5m)]);

            Assert.Equal("{\"d\":1.25,\"m\":{\"money\":1000.5},\"n\":1.5}", json);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Write_UnsupportedType_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChangeJsonWriter.Write([new("u", new Uri("https://example.com"))]));
    }

    private static string? RoundTrip(string json, string property)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(property).GetString();
    }
}
