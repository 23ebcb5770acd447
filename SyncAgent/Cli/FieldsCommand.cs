using System.CommandLine;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.Setup;
using Spectre.Console;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// <c>crmsync fields [--check | --apply]</c> (DESIGN B6): list every lead and contact column with the sync user's
/// access and its Marketo field, and each enabled one-way kind's columns (account → company, B16); check the mapping; write it into the plug-in steps.
/// </summary>
internal static class FieldsCommand
{
    /// <summary>What <c>--apply</c> says about fields new to the mapping (DESIGN B18, Marketo's "Quick Sync").</summary>
    public const string FillHint =
        "A field new to the mapping is copied when its value next changes; to fill it now run `crmsync resync --all --fields <field>` (add --dry-run to count first).";

    public static Command Create(CliEnvironment environment)
    {
        var check = new Option<bool>("--check") { Description = "Check the configured mapping: types, lengths, access (exit code 1 on errors)" };
        var apply = new Option<bool>("--apply") { Description = "Write the mapping and the sync user into the plug-in steps (after a passing check)" };
        var command = new Command("fields", "List Dynamics columns of lead and contact with access and mapping; check or apply the mapping") { check, apply };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            if (parseResult.GetValue(check) || parseResult.GetValue(apply))
            {
                var findings = await session.Get<MappingChecker>().CheckAsync(includeMarketo: true, ct).ConfigureAwait(false);
                WriteFindings(session.Console, findings);
                if (findings.Any(f => f.Severity == FindingSeverity.Error))
                {
                    if (parseResult.GetValue(apply))
                    {
                        await session.Error.WriteLineAsync("crmsync: the mapping has errors; the plug-in steps were not changed.").ConfigureAwait(false);
                    }

                    return ExitCodes.Failure;
                }

                if (parseResult.GetValue(apply))
                {
                    var configurator = session.Get<PluginStepConfigurator>();
                    var target = await configurator.GetTargetAsync(ct).ConfigureAwait(false);
                    var updated = await configurator.ApplyAsync(target, ct).ConfigureAwait(false);
                    await session.Output.WriteLineAsync($"Updated {updated.Count} plug-in step(s) for sync user {target.SyncUserId:D}: {string.Join(", ", updated)}").ConfigureAwait(false);
                    if (updated.Count < configurator.ExpectedStepCount)
                    {
                        await session.Error.WriteLineAsync($"crmsync: not all {configurator.ExpectedStepCount} plug-in steps are registered; is the CrmSync solution installed (version with account steps when accounts sync)?").ConfigureAwait(false);
                        return ExitCodes.Failure;
                    }

                    // A cycle copies changes only: values a newly mapped field already holds stay put until they change.
                    await session.Output.WriteLineAsync(FillHint).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }

            await ListAsync(session, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task ListAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var access = session.Get<SyncUserAccess>();
        var mapping = session.Get<FieldMapping>();
        var describe = await session.Get<MarketoClient>().DescribeLeadsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
        {
            var columns = await access.GetColumnsAsync(entity, cancellationToken).ConfigureAwait(false);
            // The type the engine will use: the configured one, or the column's when none is configured (B14).
            WriteColumns(session, $"{entity.ToLogicalName()} columns", columns, describe, column =>
                mapping.TryGetByDynamics(entity, column.LogicalName, out var map) && ColumnTypes.Apply(map, column, ColumnTypes.DefaultLanguage).Kind is var kind
                    ? (map.Marketo, kind, kind)
                    : null);
        }

        foreach (var kind in session.Get<ObjectMappings>().Mappings)
        {
            await ListObjectAsync(session, kind, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The columns of a one-way kind's table (e.g. account) with the Marketo object field each flows to (DESIGN B16).</summary>
    private static async Task ListObjectAsync(AgentSession session, ObjectMapping kind, CancellationToken cancellationToken)
    {
        var columns = await session.Get<SyncUserAccess>().GetColumnsAsync(kind.Kind.DynamicsTable, cancellationToken).ConfigureAwait(false);
        var describe = await session.Get<MarketoClient>().DescribeObjectAsync(kind.Kind.MarketoObject!, cancellationToken).ConfigureAwait(false);
        WriteColumns(session, $"{kind.Kind.DynamicsTable} columns (to Marketo {kind.Kind.MarketoObject}, one way)", columns, describe, column =>
            kind.ByDynamics(column.LogicalName) is { } configured && ColumnTypes.Apply(configured, column, ColumnTypes.DefaultLanguage).Kind is var applied
                // A TrueWhen field (isWon ← statecode) reads a choice and writes a Marketo Boolean.
                ? (configured.Marketo, applied, configured.TrueWhen is null ? applied : FieldKind.OptionSet)
                : null);
    }

    /// <summary>One table of <paramref name="columns"/>: access, and for a mapped column its Marketo field, type and fit.</summary>
    private static void WriteColumns(
        AgentSession session, string title, EntityColumnAccess columns, IReadOnlyList<MarketoField> describe, Func<ColumnAccess, (string Marketo, FieldKind Kind, FieldKind DynamicsKind)?> mapped)
    {
        var table = TextTable.Create(title, "Attribute", "Type", "Secured", "Sync user can read", "Sync user can update", "Marketo field", "Marketo type", "Fits");
        foreach (var column in columns.Columns.Values.OrderBy(c => c.LogicalName, StringComparer.Ordinal))
        {
            string marketo = "", marketoType = "", fits = "";
            if (mapped(column) is { } map)
            {
                var field = describe.FirstOrDefault(f => string.Equals(f.RestName, map.Marketo, StringComparison.OrdinalIgnoreCase));
                marketo = map.Marketo;
                marketoType = field?.DataType ?? "(missing)";
                fits = TypeCompatibility.Accepts(TypeCompatibility.Dynamics(map.DynamicsKind), column.AttributeType)
                    && TypeCompatibility.Accepts(TypeCompatibility.Marketo(map.Kind), field?.DataType) ? "yes" : "NO";
            }

            TextTable.AddRow(
                table, column.LogicalName, column.AttributeType ?? "?", YesNo(column.IsSecured), YesNo(column.CanRead), YesNo(column.CanUpdate), marketo, marketoType, fits);
        }

        session.Console.Write(table);
    }

    private static void WriteFindings(IAnsiConsole console, IReadOnlyList<MappingFinding> findings)
    {
        if (findings.Count == 0)
        {
            console.Write(new Text("The mapping checks out: every mapped field exists on both sides, fits its type and is readable and updatable by the sync user." + Environment.NewLine));
            return;
        }

        var table = TextTable.Create("Mapping check", "Severity", "Entity", "Dynamics", "Marketo", "Finding");
        foreach (var f in findings.OrderByDescending(f => f.Severity))
        {
            TextTable.AddRow(table, f.Severity == FindingSeverity.Error ? "ERROR" : "warning", f.Table, f.Dynamics, f.Marketo, f.Message);
        }

        console.Write(table);
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
