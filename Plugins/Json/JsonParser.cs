using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CrmSync.Plugins.Json;

/// <summary>
/// A small strict JSON (RFC 8259) parser for the step configuration. The Dataverse sandbox loads
/// nothing but Microsoft.Xrm.Sdk, and DataContractJsonSerializer needs public contract types in
/// partial trust, so the plug-in reads its few settings with this instead.
/// Objects become <see cref="Dictionary{TKey,TValue}"/> (ordinal keys), arrays <see cref="List{T}"/>,
/// numbers <see cref="decimal"/> or <see cref="double"/>, and literals bool or null.
/// </summary>
internal sealed class JsonParser
{
    private const int MaxDepth = 32;
    private readonly string _text;
    private int _position;

    private JsonParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses one JSON value; throws <see cref="FormatException"/> when the text is not JSON.</summary>
    public static object? Parse(string text)
    {
        var parser = new JsonParser(text);
        var value = parser.ReadValue(0);
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Error("unexpected text after the JSON value");
        }

        return value;
    }

    private object? ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nested too deeply");
        }

        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of text");
        }

        switch (_text[_position])
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                return ReadString();
            case 't':
                ReadLiteral("true");
                return true;
            case 'f':
                ReadLiteral("false");
                return false;
            case 'n':
                ReadLiteral("null");
                return null;
            default:
                return ReadNumber();
        }
    }

    private Dictionary<string, object?> ReadObject(int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        _position++;
        SkipWhitespace();
        if (TryConsume('}'))
        {
            return result;
        }

        while (true)
        {
            SkipWhitespace();
            if (_position >= _text.Length || _text[_position] != '"')
            {
                throw Error("expected a property name");
            }

            var name = ReadString();
            SkipWhitespace();
            Expect(':');
            var value = ReadValue(depth + 1);
            if (result.ContainsKey(name))
            {
                throw Error("duplicate property \"" + name + "\"");
            }

            result.Add(name, value);
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return result;
            }

            Expect(',');
        }
    }

    private List<object?> ReadArray(int depth)
    {
        var result = new List<object?>();
        _position++;
        SkipWhitespace();
        if (TryConsume(']'))
        {
            return result;
        }

        while (true)
        {
            result.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return result;
            }

            Expect(',');
        }
    }

    private string ReadString()
    {
        _position++;
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c < ' ')
            {
                throw Error("control character in a string");
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                break;
            }

            var escape = _text[_position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u': builder.Append(ReadHexCodeUnit()); break;
                default: throw Error("invalid escape sequence");
            }
        }

        throw Error("unterminated string");
    }

    private char ReadHexCodeUnit()
    {
        if (_position + 4 > _text.Length ||
            !ushort.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw Error("invalid \\u escape");
        }

        _position += 4;
        return (char)code;
    }

    private object ReadNumber()
    {
        var start = _position;
        TryConsume('-');
        if (TryConsume('0'))
        {
            // RFC 8259: no leading zeros.
        }
        else if (!ConsumeDigits())
        {
            throw Error("unexpected character");
        }

        if (TryConsume('.'))
        {
            if (!ConsumeDigits())
            {
                throw Error("digits expected after the decimal point");
            }
        }

        if (TryConsume('e') || TryConsume('E'))
        {
            if (!TryConsume('+'))
            {
                TryConsume('-');
            }

            if (!ConsumeDigits())
            {
                throw Error("digits expected in the exponent");
            }
        }

        var token = _text.Substring(start, _position - start);
        if (decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var large))
        {
            return large;
        }

        throw Error("number out of range");
    }

    private bool ConsumeDigits()
    {
        var start = _position;
        while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9')
        {
            _position++;
        }

        return _position > start;
    }

    private void ReadLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error("unexpected character");
        }

        _position += literal.Length;
    }

    private void Expect(char expected)
    {
        if (!TryConsume(expected))
        {
            throw Error("expected '" + expected + "'");
        }
    }

    private bool TryConsume(char expected)
    {
        if (_position < _text.Length && _text[_position] == expected)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private FormatException Error(string problem) =>
        new("Invalid JSON at position " + _position.ToString(CultureInfo.InvariantCulture) + ": " + problem + ".");
}
