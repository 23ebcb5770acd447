using System.Text.Json;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo;

public sealed class MarketoValuesTests
{
    [Theory]
    [InlineData("\"Jane\"", "Jane")]
    [InlineData("42", "42")]
    [InlineData("12.50", "12.50")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", null)]
    public void ToText_EachJsonKind_GivesNeutralText(string json, string? expected)
    {
        Assert.Equal(expected, MarketoValues.ToText(JsonDocument.Parse(json).RootElement));
    }

    [Theory]
    [InlineData("42", "integer", JsonValueKind.Number, "42")]
    [InlineData("12.5", "currency", JsonValueKind.Number, "12.5")]
    [InlineData("True", "boolean", JsonValueKind.True, "true")]
    [InlineData("2025-03-04T10:00:00+01:00", "datetime", JsonValueKind.String, "2025-03-04T09:00:00Z")]
    [InlineData("2025-03-04", "date", JsonValueKind.String, "2025-03-04")]
    [InlineData("+1 555 0100", "phone", JsonValueKind.String, "+1 555 0100")]
    [InlineData("Zoë Müller", "string", JsonValueKind.String, "Zoë Müller")]
    [InlineData("not a number", "integer", JsonValueKind.String, "not a number")]
    [InlineData(null, "string", JsonValueKind.Null, null)]
    public void FromText_DescribedType_GivesTypedJson(string? text, string dataType, JsonValueKind expectedKind, string? expectedText)
    {
        var value = MarketoValues.FromText(text, dataType);

        Assert.Equal(expectedKind, value.ValueKind);
        Assert.Equal(expectedText, MarketoValues.ToText(value));
    }

    [Theory]
    [InlineData("2014-09-17T22:31:49+0000")] // activities page, lead changes
    [InlineData("2014-09-17T22:31:49Z")]
    [InlineData("2014-09-17T23:31:49+01:00")]
    public void ParseActivityDate_DocumentedForms_GiveTheSameInstant(string text)
    {
        Assert.Equal(new DateTimeOffset(2014, 9, 17, 22, 31, 49, TimeSpan.Zero), MarketoValues.ParseActivityDate(text));
    }
}
