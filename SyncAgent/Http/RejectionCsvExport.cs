using System.Globalization;
using System.Text;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Http;

/// <summary>The rejections export (status page and <c>crmsync status --csv</c>): the state store answers the query, this writes CSV.</summary>
internal static class RejectionCsvExport
{
    /// <summary>Writes the rejections matching <paramref name="query"/> as RFC 4180 CSV with a header row; returns the number of rows written.</summary>
    public static async Task<int> ExportRejectionsCsvAsync(this StateStore state, TextWriter writer, RejectionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(writer);
        var rows = await state.SearchRejectionsAsync(query, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        CsvWriter.WriteRow(text, ["id", "occurred_on", "direction", "operation", "entity", "record_id", "marketo_id",
            "fields", "values", "error_code", "message", "resolved"]);
        foreach (var row in rows)
        {
            CsvWriter.WriteRow(text,
            [
                row.Id.ToString(CultureInfo.InvariantCulture),
                row.OccurredOn.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                row.Direction.ToString(),
                row.Operation,
                row.Record?.Entity.ToLogicalName(),
                row.Record?.Id.ToString("D"),
                row.MarketoId?.ToString(CultureInfo.InvariantCulture),
                string.Join("; ", row.Fields.Select(f => f.Field)),
                string.Join("; ", row.Fields.Select(f => f.Value.Text ?? string.Empty)),
                row.ErrorCode,
                row.Message,
                row.Resolved ? "yes" : "no",
            ]);
        }

        await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }
}
