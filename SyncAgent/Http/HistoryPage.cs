using System.Globalization;
using System.Net;
using System.Text;
using CrmSync.SyncAgent.History;

namespace CrmSync.SyncAgent.Http;

/// <summary>The status page's page per person (<c>GET /history?person=</c>, DESIGN B19): what <c>crmsync history</c> prints.</summary>
internal static class HistoryPage
{
    public const string Path = "/history";

    /// <summary>The link to a person's page.</summary>
    public static string Link(string person) => $"{Path}?person={Uri.EscapeDataString(person)}";

    /// <summary>The person search box.</summary>
    public static string SearchForm(string? person) =>
        $"<form method=\"get\" action=\"{Path}\"><input type=\"search\" name=\"person\" placeholder=\"e-mail, Marketo id or Dynamics id\" value=\"{E(person ?? "")}\"> <button type=\"submit\">History</button></form>";

    public static string Render(PersonHistoryResult? result, string? person)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CrmSync history</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}</style></head><body>");
        html.Append("<h1>History</h1><p><a href=\"/\">Status</a></p>").Append(SearchForm(person));
        if (result is null)
        {
            return html.Append("</body></html>").ToString();
        }

        html.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{E(result.Query)}: Marketo person {E(string.Join(", ", result.MarketoIds))}; {result.Entries.Count} event(s), newest first.</p>");
        html.Append("<table id=\"history\"><tr><th>When (UTC)</th><th>Event</th><th>Record</th><th>Detail</th></tr>");
        foreach (var entry in result.Entries)
        {
            html.Append("<tr><td>").Append(E(entry.OccurredOn.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(E(entry.Event)).Append("</td><td>").Append(E(entry.Record ?? "-"))
                .Append("</td><td>").Append(E(entry.Detail)).Append("</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
