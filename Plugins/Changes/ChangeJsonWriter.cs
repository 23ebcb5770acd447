using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CrmSync.Plugins.Json;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Changes;

/// <summary>
/// Writes the <c>crmsync_changes</c> JSON object (<see cref="ChangeValueJson"/>): attribute logical
/// name → typed value, in the order given.
/// </summary>
internal static class ChangeJsonWriter
{
    /// <summary>Writes the changes; every value must satisfy <see cref="AttributeValues.IsSupported"/>.</summary>
    public static string Write(IReadOnlyList<KeyValuePair<string, object?>> changes)
    {
        var builder = new StringBuilder();
        builder.Append('{');
        for (var i = 0; i < changes.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            JsonText.AppendString(builder, changes[i].Key);
            builder.Append(':');
            AppendValue(builder, changes[i].Value);
        }

        builder.Append('}');
        return builder.ToString();
    }

    /// <summary>Appends one typed value.</summary>
    /// <exception cref="ArgumentException">The value's type is not one the contract carries.</exception>
    public static void AppendValue(StringBuilder builder, object? value)
    {
        switch (AttributeValues.Normalize(value))
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                JsonText.AppendString(builder, text);
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case int number:
                JsonText.AppendNumber(builder, number);
                break;
            case long number:
                JsonText.AppendNumber(builder, number);
                break;
            case decimal number:
                JsonText.AppendNumber(builder, number);
                break;
            case double number:
                JsonText.AppendNumber(builder, number);
                break;
            case DateTime time:
                JsonText.AppendString(builder, AttributeValues.ToUtc(time).ToString(ChangeValueJson.DateFormat, CultureInfo.InvariantCulture));
                break;
            case Guid id:
                JsonText.AppendString(builder, id.ToString("D"));
                break;
            case OptionSetValue option:
                AppendWrapped(builder, ChangeValueJson.OptionSet).Append(option.Value.ToString(CultureInfo.InvariantCulture)).Append('}');
                break;
            case OptionSetValueCollection options:
                // A multi-select choice is staged as the Web API reads and writes it: its values as one comma-separated string.
                JsonText.AppendString(builder, AttributeValues.ToWebApiText(options));
                break;
            case Money money:
                AppendWrapped(builder, ChangeValueJson.Money);
                JsonText.AppendNumber(builder, money.Value);
                builder.Append('}');
                break;
            case EntityReference reference:
                AppendWrapped(builder, ChangeValueJson.Reference).Append('{');
                JsonText.AppendString(builder, ChangeValueJson.ReferenceEntity);
                builder.Append(':');
                JsonText.AppendString(builder, reference.LogicalName ?? string.Empty);
                builder.Append(',');
                JsonText.AppendString(builder, ChangeValueJson.ReferenceId);
                builder.Append(':');
                JsonText.AppendString(builder, reference.Id.ToString("D"));
                builder.Append("}}");
                break;
            default:
                throw new ArgumentException("Unsupported attribute value type " + value!.GetType().FullName + ".", nameof(value));
        }
    }

    private static StringBuilder AppendWrapped(StringBuilder builder, string name)
    {
        builder.Append('{');
        JsonText.AppendString(builder, name);
        return builder.Append(':');
    }
}
