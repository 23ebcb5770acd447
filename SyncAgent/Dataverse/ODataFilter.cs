using System.Globalization;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>Builds <c>$filter</c> expressions with values escaped per OData: a single quote inside a string literal is doubled.</summary>
internal static class ODataFilter
{
    /// <summary>A string literal, quoted and escaped: <c>O'Brien</c> → <c>'O''Brien'</c>.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A guid literal (unquoted in OData v4).</summary>
    public static string Literal(Guid value) => value.ToString("D", CultureInfo.InvariantCulture);

    /// <summary><c>id eq g1 or id eq g2 ...</c>.</summary>
    public static string AnyEquals(string attribute, IEnumerable<Guid> values) =>
        string.Join(" or ", values.Select(v => $"{CheckName(attribute)} eq {Literal(v)}"));

    /// <summary>Rejects anything that is not a plain logical name, so a name can never inject filter syntax.</summary>
    public static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '.'))
            {
                throw new ArgumentException($"'{name}' is not a valid attribute name.", nameof(name));
            }
        }

        return name;
    }
}
