using System.Globalization;
using System.Text;

namespace CrmSync.MarketoEmulator.Rest;

/// <summary>
/// Opaque paging tokens, Base32 like Marketo's, that encode a position: in the activity log
/// (date-based and activity tokens) or in a lead result set (position-based tokens).
/// </summary>
internal static class PagingToken
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(char kind, long position) =>
        ToBase32(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{position}")));

    /// <summary>The position, or null when the token is not one of this kind.</summary>
    public static long? Decode(char kind, string? token)
    {
        if (string.IsNullOrEmpty(token) || FromBase32(token) is not { } bytes)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(bytes);
        return text.Length > 2 && text[0] == kind && text[1] == ':'
            && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : null;
    }

    private static string ToBase32(byte[] data)
    {
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        while (sb.Length % 8 != 0)
        {
            sb.Append('=');
        }

        return sb.ToString();
    }

    private static byte[]? FromBase32(string text)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var v = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)((buffer >> (bits - 8)) & 0xFF));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
