using System.Text.RegularExpressions;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>How configuration values appear in messages: never a password inside a URL, never a control character.</summary>
internal static partial class ConfigurationText
{
    /// <summary><paramref name="text"/> with every URL user information (<c>user:password@</c>) replaced by <c>***@</c>.</summary>
    public static string Redact(string text) => string.IsNullOrEmpty(text) ? text : UserInfo().Replace(text, "${scheme}***@");

    /// <summary>Whether <paramref name="name"/> has the shape of a Dataverse logical name.</summary>
    public static bool IsLogicalName(string name) => LogicalName().IsMatch(name);

    /// <summary><paramref name="text"/> with control characters shown as <c>?</c>, shortened to 100 characters.</summary>
    public static string Printable(string text)
    {
        var shown = new string([.. text.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 100 ? shown + "…" : shown;
    }

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s@']*@", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UserInfo();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,99}$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex LogicalName();
}
