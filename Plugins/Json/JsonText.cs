using System.Globalization;
using System.Text;

namespace CrmSync.Plugins.Json;

/// <summary>Writes JSON tokens (RFC 8259) into a <see cref="StringBuilder"/>; numbers in invariant culture.</summary>
internal static class JsonText
{
    private const string HexDigits = "0123456789abcdef";

    /// <summary>Appends <paramref name="value"/> as a quoted JSON string.</summary>
    /// <remarks>
    /// Escapes what RFC 8259 requires (quote, backslash, U+0000–U+001F), plus U+2028/U+2029 (line
    /// terminators in JavaScript) and unpaired surrogates, so the text stays valid whatever the
    /// reader's encoding. Paired surrogates (emoji, other non-BMP characters) are written as they are.
    /// </remarks>
    public static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Appends a number, or <c>null</c> for NaN and infinities, which JSON cannot express.</summary>
    public static void AppendNumber(StringBuilder builder, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            builder.Append("null");
            return;
        }

        builder.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Appends a decimal number as written (trailing zeros kept, e.g. <c>12.50</c>).</summary>
    public static void AppendNumber(StringBuilder builder, decimal value) =>
        builder.Append(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Appends an integer.</summary>
    public static void AppendNumber(StringBuilder builder, long value) =>
        builder.Append(value.ToString(CultureInfo.InvariantCulture));

    private static void AppendUnicodeEscape(StringBuilder builder, char c)
    {
        builder.Append("\\u")
            .Append(HexDigits[(c >> 12) & 0xF])
            .Append(HexDigits[(c >> 8) & 0xF])
            .Append(HexDigits[(c >> 4) & 0xF])
            .Append(HexDigits[c & 0xF]);
    }
}
