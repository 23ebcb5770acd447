using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The field mapping a cycle may use (DESIGN B6): the configured maps minus those whose Dynamics column is secured
/// without read and update privilege for the sync user, so such a column is never requested nor written. Column access
/// comes from <see cref="SyncUserAccess"/> (attribute metadata and <c>RetrievePrincipalAttributePrivileges</c>, cached
/// for minutes); <c>crmsync fields --check</c> refuses such columns at setup, this skips them at run time. A one-way
/// field needs only what its direction uses (read for <c>toMarketo</c>, update for <c>toDynamics</c>). Each kept map
/// carries its column's type, choice labels (in <c>CrmSync:Sync:LanguageCode</c>) and length for the engine (B14).
/// </summary>
internal sealed partial class AccessibleMapping(FieldMapping mapping, CrmPort crm, IOptions<SyncOptions> options, ILogger<AccessibleMapping> logger)
{
    private string? _lastSkipped;

    /// <summary>The maps the sync user can read and update.</summary>
    public async Task<FieldMapping> GetAsync(CancellationToken cancellationToken)
    {
        var kept = new List<FieldMap>();
        var skipped = new List<string>();
        foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
        {
            var maps = mapping.For(entity);
            if (maps.Count == 0)
            {
                continue;
            }

            var columns = await crm.GetColumnAccessAsync(entity, cancellationToken).ConfigureAwait(false);
            foreach (var map in maps)
            {
                // A column missing from the metadata is a setup error that doctor and fields --check report; keep it.
                var column = columns.Find(map.Dynamics);
                if (column is not null && !ColumnTypes.CanSync(map, column))
                {
                    skipped.Add($"{entity.ToLogicalName()}.{map.Dynamics}");
                }
                else
                {
                    kept.Add(column is null ? map : ColumnTypes.Apply(map, column, options.Value.LanguageCode));
                }
            }
        }

        if (skipped.Count == 0)
        {
            _lastSkipped = null;
            return new FieldMapping(kept);
        }

        var text = string.Join(", ", skipped);
        if (!string.Equals(text, _lastSkipped, StringComparison.Ordinal))
        {
            _lastSkipped = text;
            LogSkipped(logger, text);
        }

        return new FieldMapping(kept);
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning,
        Message = "Secured columns the sync user cannot read and update are skipped (never read nor written): {Columns}. Grant the privileges or remove them with `crmsync fields`.")]
    private static partial void LogSkipped(ILogger logger, string columns);
}
