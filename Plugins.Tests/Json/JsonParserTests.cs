using CrmSync.Plugins.Json;

namespace CrmSync.Plugins.Tests.Json;

public class JsonParserTests
{
    [Fact]
    public void Parse_NestedDocument_BuildsObjectsArraysAndScalars()
    {
        var value = JsonParser.Parse(" {\"a\":[1,-2.5e1,true,false,null,\"x\"],\"b\":{}} ");

        var root = Assert.IsType<Dictionary<string, object?>>(value);
        var array = Assert.IsType<List<object?>>(root["a"]);
        Assert.Equal([1m, -25m, true, false, null, "x"], array);
        Assert.Empty(Assert.IsType<Dictionary<string, object?>>(root["b"]));
    }

    [Fact]
    public void Parse_StringEscapes_AreDecoded()
    {
        var value = JsonParser.Parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\"");

        Assert.Equal("q\" b\\ s/ \b\f\n\r\t é 😀", value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{a:1}")]
    [InlineData("'a'")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData("tru")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\x escape\"")]
    [InlineData("\"raw \n newline\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("1 2")]
    public void Parse_InvalidJson_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => JsonParser.Parse(text));
    }

    [Fact]
    public void Parse_DeepNesting_ThrowsFormatExceptionNotStackOverflow()
    {
        Assert.Throws<FormatException>(() => JsonParser.Parse(new string('[', 10000) + new string(']', 10000)));
    }
}
