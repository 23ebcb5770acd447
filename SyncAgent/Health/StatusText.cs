using System.Globalization;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Health;

/// <summary>The status texts <c>crmsync status</c> and the status page share: times and the rejection table, as plain text.</summary>
internal static class StatusText
{
    /// <summary>The column headers of the rejection table, in the order of <see cref="RejectionCells"/>.</summary>
    public static IReadOnlyList<string> RejectionHeaders { get; } =
        ["When (UTC)", "Operation", "Direction", "Record", "Marketo id", "Fields", "Error code", "Message"];

    /// <summary>A time as <c>yyyy-MM-dd HH:mm:ss</c> in UTC.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>One rejection's cells under <see cref="RejectionHeaders"/>.</summary>
    public static string[] RejectionCells(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return
        [
            Time(rejection.OccurredOn),
            rejection.Operation,
            rejection.Direction.ToLabel(),
            rejection.Record?.ToString() ?? "-",
            rejection.MarketoId?.ToString(CultureInfo.InvariantCulture) ?? "-",
            string.Join(", ", rejection.Fields.Select(f => f.Field)),
            rejection.ErrorCode ?? "-",
            rejection.Message,
        ];
    }
}
