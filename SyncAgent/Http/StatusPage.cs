using System.Globalization;
using System.Net;
using System.Text;
using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// The status page: one self-contained HTML document (inline CSS and SVG, no script, nothing fetched from elsewhere),
/// every value HTML-encoded.
/// </summary>
internal static class StatusPage
{
    private const int ChartCycles = 60;

    public static string Render(StatusSnapshot status, string? search, string? pairsHtml = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CrmSync status</title>");
        html.Append("<meta http-equiv=\"refresh\" content=\"60\"><style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}")
            .Append(".ok{color:#1a7f37}.bad{color:#cf222e}svg{border:1px solid #ddd}</style></head><body>");
        html.Append("<h1>CrmSync</h1><p>Health: <strong class=\"").Append(status.Health.Healthy ? "ok" : "bad").Append("\">")
            .Append(E(status.Health.Status)).Append("</strong> — ").Append(E(status.Health.Reason)).Append(". Generated ")
            .Append(E(StatusText.Time(status.GeneratedOn))).Append(" UTC.</p>");
        html.Append(pairsHtml);
        html.Append("<h2>Cycles</h2>").Append(Chart(status.Cycles));
        AppendBacklog(html, status);
        AppendCycles(html, status.Cycles);
        AppendRejections(html, status.Rejections, search);
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>One bar per cycle, oldest left: height = records written, colour = outcome; the tooltip gives the counts.</summary>
    internal static string Chart(IReadOnlyList<CycleRecord> newestFirst)
    {
        var cycles = newestFirst.Take(ChartCycles).Reverse().ToList();
        const int Width = 720, Height = 160, Bottom = 145;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Records written per cycle\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (cycles.Count == 0)
        {
            svg.Append("<text x=\"10\" y=\"80\">no cycle has run yet</text></svg>");
            return svg.ToString();
        }

        var max = Math.Max(1, cycles.Max(c => c.CrmWritten + c.MarketoWritten));
        var slot = (double)Width / ChartCycles;
        for (var i = 0; i < cycles.Count; i++)
        {
            var c = cycles[i];
            var written = c.CrmWritten + c.MarketoWritten;
            var height = Math.Max(2, (Bottom - 10) * written / (double)max);
            var color = c.Outcome switch { CycleOutcome.Failed => "#cf222e", CycleOutcome.Stopped => "#bf8700", CycleOutcome.Running => "#8c959f", _ => "#1a7f37" };
            var title = string.Create(CultureInfo.InvariantCulture,
                $"{StatusText.Time(c.StartedOn)} {c.Outcome}: {c.CrmWritten} written to Dynamics, {c.MarketoWritten} to Marketo, {c.Rejections} rejected, {c.Errors} errors, {c.Duration?.TotalSeconds ?? 0:0.0} s");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * slot + 1:0.#}\" y=\"{Bottom - height:0.#}\" width=\"{Math.Max(1, slot - 2):0.#}\" height=\"{height:0.#}\" fill=\"{color}\"><title>{E(title)}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{Bottom}\" x2=\"{Width}\" y2=\"{Bottom}\" stroke=\"#888\"/><text x=\"4\" y=\"12\" font-size=\"11\">max {max} records written</text></svg>");
        return svg.ToString();
    }

    private static void AppendBacklog(StringBuilder html, StatusSnapshot status)
    {
        var b = status.DynamicsBacklog;
        var pending = b is null ? "unknown: " + status.DynamicsBacklogError : b.Count.ToString(CultureInfo.InvariantCulture) + (b.CountIsLowerBound ? "+" : "");
        html.Append("<h2>Backlog, throughput and budget</h2><table><tr><th>Dynamics pending changes</th><td>").Append(E(pending)).Append("</td></tr>");
        html.Append("<tr><th>Oldest pending change</th><td>").Append(E(b?.OldestChangedOn is { } on ? StatusText.Time(on) + " UTC" : "-")).Append("</td></tr>");
        html.Append("<tr><th>Marketo changes read by the last cycle</th><td>").Append(E(status.LastEndedCycle?.MarketoRead.ToString(CultureInfo.InvariantCulture) ?? "-")).Append("</td></tr>");
        var h = status.LastHour;
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Last hour</th><td>{h.Cycles} cycles; read {h.CrmRead} Dynamics / {h.MarketoRead} Marketo changes; wrote {h.CrmWritten} to Dynamics / {h.MarketoWritten} to Marketo; {h.Rejections} rejected; {h.Errors} errors</td></tr>");
        var u = status.Budget;
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Marketo calls today</th><td>{u.MarketoCallsToday:N0} of {u.MarketoDailyQuota:N0}; the agent's share {u.MarketoShareLimit:N0}</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Dataverse requests, last 5 minutes</th><td>{u.DataverseCallsLast5Minutes:N0} of {u.DataverseLimit:N0}</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Throttling answers, last hour</th><td>{u.ThrottledLastHour}</td></tr></table>");
    }

    private static void AppendCycles(StringBuilder html, IReadOnlyList<CycleRecord> cycles)
    {
        html.Append("<h2>Recent cycles</h2><table><tr><th>Started (UTC)</th><th>Outcome</th><th>Duration</th><th>Read D/M</th><th>Written D/M</th><th>Collisions</th><th>Rejected</th><th>Errors</th><th>Calls D/M</th><th>Throttled</th><th>Note</th></tr>");
        foreach (var c in cycles.Take(20))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(StatusText.Time(c.StartedOn))}</td><td class=\"{(c.Outcome == CycleOutcome.Failed ? "bad" : "ok")}\">{c.Outcome}</td><td>{(c.Duration is { } d ? d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "running")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{c.CrmRead}/{c.MarketoRead}</td><td>{c.CrmWritten}/{c.MarketoWritten}</td><td>{c.Collisions}</td><td>{c.Rejections}</td><td>{c.Errors}</td><td>{c.DataverseCalls}/{c.MarketoCalls}</td><td>{c.Throttled}</td><td>{E(c.Message ?? "")}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendRejections(StringBuilder html, IReadOnlyList<Rejection> rejections, string? search)
    {
        var query = string.IsNullOrWhiteSpace(search) ? "" : "?search=" + Uri.EscapeDataString(search);
        html.Append("<h2>Rejected records</h2><form method=\"get\" action=\"/\"><input type=\"search\" name=\"search\" placeholder=\"message, code, record, Marketo id, field\" value=\"")
            .Append(E(search ?? "")).Append("\"> <button type=\"submit\">Search</button> <a href=\"/rejections.csv").Append(E(query)).Append("\">Export CSV</a></form>");
        html.Append(HistoryPage.SearchForm(null));
        html.Append("<table><tr>");
        foreach (var header in StatusText.RejectionHeaders)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("<th>History</th></tr>");
        foreach (var r in rejections)
        {
            html.Append("<tr>");
            foreach (var cell in StatusText.RejectionCells(r))
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            var person = r.MarketoId?.ToString(CultureInfo.InvariantCulture) ?? r.Record?.Id.ToString("D");
            html.Append("<td>").Append(person is null ? "-" : $"<a href=\"{E(HistoryPage.Link(person))}\">history</a>").Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);}
