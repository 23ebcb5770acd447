using System.Globalization;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Setup;

/// <summary>
/// Checks the configured mapping (DESIGN B6) against Dynamics metadata and column security, and against Marketo's
/// describe: the column exists, the sync user may read and update it, the types fit, the lengths agree.
/// </summary>
internal sealed class MappingChecker(FieldMapping mapping, SyncUserAccess access, MarketoClient marketo, ObjectMappings objects)
{
    private const string FixHint = "grant it in a field security profile of the sync user, or remove the field from CrmSync:Sync:Fields";

    /// <summary>
    /// Every finding, errors and warnings, over both person entities and every enabled one-way kind (DESIGN B16); the
    /// Marketo side from describes fetched here (Describe Lead, and e.g. Describe Company).
    /// </summary>
    public async Task<IReadOnlyList<MappingFinding>> CheckAsync(bool includeMarketo, CancellationToken cancellationToken)
    {
        var findings = new List<MappingFinding>(
            await CheckAsync(includeMarketo ? await marketo.DescribeLeadsAsync(cancellationToken).ConfigureAwait(false) : null, cancellationToken).ConfigureAwait(false));
        foreach (var kind in objects.Mappings)
        {
            var describe = includeMarketo ? await marketo.DescribeObjectAsync(kind.Kind.MarketoObject!, cancellationToken).ConfigureAwait(false) : null;
            await CheckObjectAsync(kind, describe, findings, cancellationToken).ConfigureAwait(false);
        }

        return findings;
    }

    /// <summary>
    /// The fields of one-way kind <paramref name="kind"/>: the column exists and the sync user may read it (they only flow
    /// to Marketo), and the Marketo object describes the field, updatable, of a type that fits.
    /// </summary>
    private async Task CheckObjectAsync(ObjectMapping kind, IReadOnlyList<MarketoField>? describe, List<MappingFinding> findings, CancellationToken cancellationToken)
    {
        var table = kind.Kind.DynamicsTable;
        var columns = await access.GetColumnsAsync(table, cancellationToken).ConfigureAwait(false);
        foreach (var configured in kind.Fields)
        {
            void Add(FindingSeverity severity, string message) => findings.Add(new MappingFinding(severity, table, configured.Dynamics, configured.Marketo, message));
            var name = $"{table}.{configured.Dynamics}";
            var column = columns.Find(configured.Dynamics);
            var field = column is null ? configured : ColumnTypes.Apply(configured, column, ColumnTypes.DefaultLanguage);
            if (column is null)
            {
                Add(FindingSeverity.Error, $"Column {name} does not exist in Dynamics.");
            }
            else if (column.IsSecured ? !column.CanRead : !column.IsValidForRead)
            {
                Add(FindingSeverity.Error, column.IsSecured
                    ? $"Column {name} is secured (column security) and the sync user lacks the Read privilege on it; grant it in a field security profile of the sync user, or remove the field from CrmSync:Sync:{kind.Kind.Section}:Fields."
                    : $"Column {name} cannot be read through the Web API.");
            }
            else if (configured.TrueWhen is null ? !TypeCompatibility.Accepts(TypeCompatibility.Dynamics(field.Kind), column.AttributeType)
                : !TypeCompatibility.Accepts(TypeCompatibility.Dynamics(FieldKind.OptionSet), column.AttributeType))
            {
                var expected = TypeCompatibility.Dynamics(configured.TrueWhen is null ? field.Kind : FieldKind.OptionSet);
                Add(FindingSeverity.Error, configured.TrueWhen is null
                    ? $"Column {name} is of type {column.AttributeType}, which a {field.Kind.ToString().ToLowerInvariant()} field cannot carry (expected {string.Join(" or ", expected)})."
                    : $"Column {name} is of type {column.AttributeType}, but TrueWhen needs a choice column (expected {string.Join(" or ", expected)}).");
            }

            if (describe is null)
            {
                continue;
            }

            var marketoField = describe.FirstOrDefault(f => string.Equals(f.RestName, configured.Marketo, StringComparison.OrdinalIgnoreCase));
            if (marketoField is null)
            {
                Add(FindingSeverity.Error, $"Marketo does not describe '{configured.Marketo}' on {kind.Kind.MarketoObject} (mapped to {name}); correct CrmSync:Sync:{kind.Kind.Section}:Fields.");
                continue;
            }

            if (marketoField.ReadOnly)
            {
                Add(FindingSeverity.Error, $"Marketo {kind.Kind.MarketoObject} field '{configured.Marketo}' is not updateable, so Dynamics changes could not reach it.");
            }

            if (!TypeCompatibility.Accepts(TypeCompatibility.Marketo(field.Kind), marketoField.DataType))
            {
                Add(FindingSeverity.Error, $"Marketo {kind.Kind.MarketoObject} field '{configured.Marketo}' is of type {marketoField.DataType}, which a {field.Kind.ToString().ToLowerInvariant()} field cannot carry.");
            }
        }
    }

    /// <summary>
    /// Every finding, errors and warnings, over both entities; the Marketo side against <paramref name="describe"/>
    /// (a caller that already described the leads passes it), none when null.
    /// </summary>
    public async Task<IReadOnlyList<MappingFinding>> CheckAsync(IReadOnlyList<MarketoField>? describe, CancellationToken cancellationToken)
    {
        var findings = new List<MappingFinding>();
        foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
        {
            var columns = await access.GetColumnsAsync(entity, cancellationToken).ConfigureAwait(false);
            foreach (var configured in mapping.For(entity))
            {
                // A field without a configured type takes the column's (DESIGN B14); the language does not matter here.
                var map = columns.Find(configured.Dynamics) is { } found ? ColumnTypes.Apply(configured, found, ColumnTypes.DefaultLanguage) : configured;
                CheckDynamics(map, columns.Find(map.Dynamics), findings);
                if (describe is not null)
                {
                    CheckMarketo(map, columns.Find(map.Dynamics), describe, findings);
                }
            }
        }

        return findings;
    }

    /// <summary>The Dynamics side of one mapped field.</summary>
    internal static void CheckDynamics(FieldMap map, ColumnAccess? column, List<MappingFinding> findings)
    {
        var name = $"{map.Entity.ToLogicalName()}.{map.Dynamics}";
        void Add(FindingSeverity severity, string message) => findings.Add(new MappingFinding(severity, map.Entity.ToLogicalName(), map.Dynamics, map.Marketo, message));
        if (column is null)
        {
            Add(FindingSeverity.Error, $"Column {name} does not exist in Dynamics.");
            return;
        }

        if (column.IsSecured)
        {
            // A toMarketo field is only read, a toDynamics field only updated (DESIGN B15).
            var missing = new List<string>();
            if (map.FlowsToMarketo && !column.CanRead)
            {
                missing.Add("Read");
            }

            if (map.FlowsToDynamics && !column.CanUpdate)
            {
                missing.Add("Update");
            }

            if (missing.Count > 0)
            {
                Add(FindingSeverity.Error, $"Column {name} is secured (column security) and the sync user lacks the {string.Join(" and ", missing)} privilege on it; {FixHint}.");
            }
            else if (!column.CanCreate)
            {
                Add(FindingSeverity.Warning, $"Column {name} is secured and the sync user lacks the Create privilege on it: sync-person leaves it empty.");
            }
        }
        else if (!column.IsValidForRead || (map.FlowsToDynamics && !column.IsValidForUpdate))
        {
            Add(FindingSeverity.Error, $"Column {name} cannot be {(column.IsValidForRead ? "updated" : "read")} through the Web API.");
        }

        if (!TypeCompatibility.Accepts(TypeCompatibility.Dynamics(map.Kind), column.AttributeType))
        {
            Add(FindingSeverity.Error, $"Column {name} is of type {column.AttributeType}, which a {map.Kind.ToString().ToLowerInvariant()} field cannot carry (expected {string.Join(" or ", TypeCompatibility.Dynamics(map.Kind))}).");
        }
    }

    private static void CheckMarketo(FieldMap map, ColumnAccess? column, IReadOnlyList<MarketoField> describe, List<MappingFinding> findings)
    {
        void Add(FindingSeverity severity, string message) => findings.Add(new MappingFinding(severity, map.Entity.ToLogicalName(), map.Dynamics, map.Marketo, message));
        var field = describe.FirstOrDefault(f => string.Equals(f.RestName, map.Marketo, StringComparison.OrdinalIgnoreCase));
        if (field is null)
        {
            Add(FindingSeverity.Error, $"Marketo has no REST field '{map.Marketo}' (mapped to {map.Entity.ToLogicalName()}.{map.Dynamics}).");
            return;
        }

        if (field.ReadOnly)
        {
            Add(FindingSeverity.Error, $"Marketo field '{map.Marketo}' is read-only through REST, so Dynamics changes could not reach it.");
        }

        if (!TypeCompatibility.Accepts(TypeCompatibility.Marketo(map.Kind), field.DataType))
        {
            Add(FindingSeverity.Error, $"Marketo field '{map.Marketo}' is of type {field.DataType}, which a {map.Kind.ToString().ToLowerInvariant()} field cannot carry.");
        }

        if (column?.MaxLength is { } dynamicsLength && field.Length is { } marketoLength && marketoLength != dynamicsLength)
        {
            var (longer, shorter) = marketoLength > dynamicsLength ? ("Marketo", "Dynamics") : ("Dynamics", "Marketo");
            Add(FindingSeverity.Warning, string.Create(CultureInfo.InvariantCulture,
                $"Lengths differ: Marketo '{map.Marketo}' holds {marketoLength} characters, {map.Entity.ToLogicalName()}.{map.Dynamics} {dynamicsLength}; longer {longer} values will be refused by {shorter}."));
        }
    }
}
