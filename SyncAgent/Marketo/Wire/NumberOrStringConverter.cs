using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>Reads a code written either as <c>"601"</c> (as documented) or as <c>601</c>.</summary>
internal sealed class NumberOrStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() ?? "",
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.Null => "",
            _ => throw new JsonException($"Unexpected token {reader.TokenType} for a code."),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
