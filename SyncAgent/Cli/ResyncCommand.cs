using System.CommandLine;
using System.Globalization;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Repair;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync resync</c> (DESIGN B18): re-copies chosen fields of chosen persons; <c>--dry-run</c> counts first.</summary>
internal static class ResyncCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var email = new Option<string[]>("--email") { Description = "A person by e-mail (repeatable)", AllowMultipleArgumentsPerToken = true };
        var marketoId = new Option<long[]>("--marketo-id") { Description = "A person by Marketo lead id (repeatable)", AllowMultipleArgumentsPerToken = true };
        var dynamicsId = new Option<Guid[]>("--dynamics-id") { Description = "A person by Dynamics lead or contact id (repeatable)", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Every linked person" };
        var changedSince = new Option<string?>("--changed-since") { Description = "Persons changed on either side at or after this UTC date/time (e.g. 2026-12-01)" };
        var fields = new Option<string?>("--fields") { Description = "Marketo field names, comma-separated (default: every mapped field)" };
        var from = new Option<string?>("--from") { Description = "Copy from dynamics or marketo (default: each field's rule)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change and the API calls it needs; write nothing" };
        var allowBlanking = new Option<bool>("--allow-blanking") { Description = "Also copy a blank value over a non-blank one (default: keep the non-blank value)" };
        var command = new Command("resync", "Re-copy fields of chosen persons from the side each field's rule names (repair)")
        {
            email, marketoId, dynamicsId, all, changedSince, fields, from, dryRun, allowBlanking,
        };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            var (request, problem) = Parse(
                parseResult.GetValue(email) ?? [], parseResult.GetValue(marketoId) ?? [], parseResult.GetValue(dynamicsId) ?? [], parseResult.GetValue(all),
                parseResult.GetValue(changedSince), parseResult.GetValue(fields), parseResult.GetValue(from), parseResult.GetValue(dryRun), session.Get<FieldMapping>(),
                parseResult.GetValue(allowBlanking));
            if (request is null)
            {
                await session.Error.WriteLineAsync("crmsync resync: " + problem).ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            var output = session.Output;
            var progress = new SynchronousProgress(p => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Stage}: {p.Done} person(s) done, {p.Linked} with changes")));
            var report = await session.Get<Resync>().RunAsync(request, progress, ct).ConfigureAwait(false);
            foreach (var line in Describe(request, report))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return report.StoppedReason is null ? ExitCodes.Success : ExitCodes.Failure;
        }, cancellationToken));
        return command;
    }

    /// <summary>The request, or why the options are not one.</summary>
    public static (ResyncRequest? Request, string? Problem) Parse(
        string[] emails, long[] marketoIds, Guid[] dynamicsIds, bool all, string? changedSince, string? fields, string? from, bool dryRun, FieldMapping mapping,
        bool allowBlanking = false)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        DateTimeOffset? since = null;
        if (changedSince is not null)
        {
            if (!DateTimeOffset.TryParse(changedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return (null, $"--changed-since '{changedSince}' is not a date/time (e.g. 2026-12-01 or 2026-12-01T08:00:00Z).");
            }

            since = parsed;
        }

        var source = from?.ToLowerInvariant() switch
        {
            null => ResyncSource.Rule,
            "dynamics" => ResyncSource.Dynamics,
            "marketo" => ResyncSource.Marketo,
            _ => (ResyncSource?)null,
        };
        if (source is null)
        {
            return (null, $"--from '{from}' must be dynamics or marketo.");
        }

        var names = (fields ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !mapping.TryGetByMarketo(SyncEntity.Lead, n, out _) && !mapping.TryGetByMarketo(SyncEntity.Contact, n, out _)).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"--fields: {string.Join(", ", unknown.Select(u => $"'{u}'"))} not mapped (CrmSync:Sync:Fields); mapped: {string.Join(", ", mapping.MarketoFields)}.");
        }

        var request = new ResyncRequest
        {
            Emails = emails, MarketoIds = marketoIds, DynamicsIds = dynamicsIds, All = all, ChangedSince = since, Fields = names, From = source.Value, DryRun = dryRun,
            AllowBlanking = allowBlanking,
        };
        return request.ChoosesPersons
            ? (request, null)
            : (null, "choose persons with --email, --marketo-id, --dynamics-id, --changed-since or --all.");
    }

    /// <summary>The report's lines.</summary>
    public static IEnumerable<string> Describe(ResyncRequest request, ResyncReport report)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        if (report.Resumed > 0)
        {
            yield return string.Create(c, $"Resumed an interrupted resync of the same persons: {report.Resumed} person(s) were done before.");
        }

        if (request.DryRun)
        {
            yield return string.Create(c, $"Dry run: {report.ChangedPersons} of {report.Persons} person(s) would change, {report.Values} value(s); nothing was written.");
            foreach (var change in report.Changes)
            {
                yield return string.Create(c,
                    $"  person {change.Link.MarketoId} ({change.Link.Entity.ToLogicalName()} {change.Link.Record.Id:D}): {change.Field} {Show(change.Old)} -> {Show(change.New)} ({(change.Direction == SyncDirection.ToMarketo ? "to Marketo" : "to Dynamics")})");
            }

            if (report.Values > report.Changes.Count)
            {
                yield return string.Create(c, $"  ... and {report.Values - report.Changes.Count} more.");
            }

            yield return string.Create(c,
                $"API calls needed: {report.MarketoWriteCalls} Marketo Sync Leads call(s) for {report.MarketoWrites} person(s), of {report.MarketoRemaining:N0} left of today's share; {report.DynamicsWrites} Dynamics record update(s), paced under the service protection limits (6,000 requests per 5 minutes per user).");
            yield return string.Create(c, $"Reading made {report.MarketoCalls} Marketo call(s) and {report.DataverseCalls} Dynamics request(s); a run reads the same again.");
        }
        else
        {
            yield return string.Create(c,
                $"Resync: {report.Persons} person(s), {report.ChangedPersons} changed, {report.Values} value(s) written ({report.MarketoWrites} Marketo / {report.DynamicsWrites} Dynamics record(s)), {report.Rejections} rejection(s); API calls {report.MarketoCalls} Marketo / {report.DataverseCalls} Dynamics.");
        }

        if (report.KeptNonBlank > 0)
        {
            yield return string.Create(c,
                $"{report.KeptNonBlank} value(s) kept: the side the rule copies from is blank and the other is not; a resync never blanks a value (add --allow-blanking to copy the blanks).");
            foreach (var kept in report.Kept)
            {
                yield return string.Create(c,
                    $"  kept: person {kept.Link.MarketoId} ({kept.Link.Entity.ToLogicalName()} {kept.Link.Record.Id:D}): {kept.Field} {Show(kept.Old)} in {(kept.Direction == SyncDirection.ToMarketo ? "Marketo" : "Dynamics")}, blank in {(kept.Direction == SyncDirection.ToMarketo ? "Dynamics" : "Marketo")}");
            }

            if (report.KeptNonBlank > report.Kept.Count && request.DryRun)
            {
                yield return string.Create(c, $"  ... and {report.KeptNonBlank - report.Kept.Count} more kept.");
            }
        }

        if (report.Held > 0)
        {
            yield return string.Create(c, $"{report.Held} field(s) left alone: they hold an open rejection (fix the cause, then `crmsync rejections retry`).");
        }

        if (report.Missing > 0)
        {
            yield return string.Create(c, $"{report.Missing} linked person(s) were not found on one side; the next cycle handles them.");
        }

        if (report.StoppedReason is not null)
        {
            yield return report.StoppedReason;
        }
    }

    private static string Show(FieldValue value) => value.IsNull ? "(blank)" : $"'{value.Text}'";

    /// <summary>Reports on the caller's thread, so progress lines come in order before the summary.</summary>
    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
