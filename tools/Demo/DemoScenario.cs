using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.Setup;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Demo;

/// <summary>The demo's story: sample data, then one promise after another, each with a real cycle.</summary>
internal sealed class DemoScenario(DemoEnvironment environment, IServiceProvider services, DemoRunner runner)
{
    private const string RejectedTitle = "Chief Everything Officer";

    private SyncCycle Cycle => services.GetRequiredService<SyncCycle>();

    private StateStore State => services.GetRequiredService<StateStore>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await SetUpAsync(cancellationToken).ConfigureAwait(false);

        runner.Step("Sample data");
        var adaLead = Create("lead", ("firstname", "Ada"), ("lastname", "Lovelace"), ("emailaddress1", "ada@contoso.example"), ("companyname", "Analytical Engines"), ("jobtitle", "Analyst"));
        var linusLead = Create("lead", ("firstname", "Linus"), ("lastname", "Pauling"), ("emailaddress1", "linus@contoso.example"), ("companyname", "Caltech"));
        var graceContact = Create("contact", ("firstname", "Grace"), ("lastname", "Hopper"), ("emailaddress1", "grace@contoso.example"), ("jobtitle", "Commodore"));
        var alanContact = Create("contact", ("firstname", "Alan"), ("lastname", "Turing"), ("emailaddress1", "alan@contoso.example"));
        var existing = environment.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "alan@contoso.example", ["firstName"] = "Alan", ["lastName"] = "Turing", ["city"] = "Wilmslow" });
        var webinar = environment.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "katherine@fabrikam.example", ["firstName"] = "Katherine", ["lastName"] = "Johnson", ["company"] = "NASA" });
        runner.Say("Dynamics: leads Ada and Linus, contacts Grace and Alan (created by a maker; the plug-in staged each change).");
        runner.Say($"Marketo: person {existing} Alan (same email as the Dynamics contact) and person {webinar} Katherine (a webinar sign-up).");

        runner.Step("First run: the whole database is linked (B8)");
        runner.Cycle(await Cycle.RunAsync(null, cancellationToken).ConfigureAwait(false));
        var ada = await Person("lead", adaLead, cancellationToken).ConfigureAwait(false);
        var grace = await Person("contact", graceContact, cancellationToken).ConfigureAwait(false);
        var alan = await Person("contact", alanContact, cancellationToken).ConfigureAwait(false);
        var linus = await Person("lead", linusLead, cancellationToken).ConfigureAwait(false);
        runner.Check("B8 whole database", await State.CountLinksAsync(cancellationToken).ConfigureAwait(false) == 4 && alan == existing,
            $"4 records linked; Alan matched Marketo person {existing} by email instead of creating a duplicate");

        runner.Step("A Dynamics change reaches Marketo (B2)");
        Update("contact", graceContact, ("telephone1", "+1 202 555 0143"));
        runner.Say("A maker sets Grace's phone in Dynamics.");
        runner.Cycle(await Cycle.RunAsync(null, cancellationToken).ConfigureAwait(false));
        runner.Check("B2 Dynamics → Marketo", Equals(Marketo(grace, "phone"), "+1 202 555 0143"), $"Marketo person {grace} phone = {Marketo(grace, "phone")}");

        runner.Step("A Marketo change reaches Dynamics (B2)");
        environment.Marketo.Admin.EditPerson((int)linus, new Dictionary<string, object?> { ["title"] = "Chemist" });
        runner.Say("A marketer sets Linus's job title in Marketo.");
        runner.Cycle(await Cycle.RunAsync(null, cancellationToken).ConfigureAwait(false));
        runner.Check("B2 Marketo → Dynamics", Equals(Dynamics("lead", linusLead, "jobtitle"), "Chemist"), $"Dynamics lead jobtitle = {Dynamics("lead", linusLead, "jobtitle")}");

        runner.Step("Collisions: the same field changed on both sides (B3)");
        Update("lead", adaLead, ("jobtitle", "Programmer (Dynamics)"));
        environment.Marketo.Admin.EditPerson((int)ada, new Dictionary<string, object?> { ["title"] = "Mathematician (Marketo)" });
        Update("contact", graceContact, ("jobtitle", "Rear Admiral (Dynamics)"));
        environment.Marketo.Admin.EditPerson((int)grace, new Dictionary<string, object?> { ["title"] = "Admiral (Marketo)" });
        runner.Say("Ada (a lead) and Grace (a contact) get a new job title on both sides in the same window.");
        runner.Cycle(await Cycle.RunAsync(null, cancellationToken).ConfigureAwait(false));
        runner.Check("B3 lead: Marketo wins", Equals(Dynamics("lead", adaLead, "jobtitle"), "Mathematician (Marketo)") && Equals(Marketo(ada, "title"), "Mathematician (Marketo)"),
            $"both sides now say '{Dynamics("lead", adaLead, "jobtitle")}'");
        runner.Check("B3 contact: Dynamics wins", Equals(Dynamics("contact", graceContact, "jobtitle"), "Rear Admiral (Dynamics)") && Equals(Marketo(grace, "title"), "Rear Admiral (Dynamics)"),
            $"both sides now say '{Dynamics("contact", graceContact, "jobtitle")}'");

        runner.Step("A validation rule rejects a write (B7)");
        environment.Dataverse.Admin.AddValidationRule(ValidationRule.WhenEquals("contact", "jobtitle", RejectedTitle, "Only the board may grant this title."));
        environment.Marketo.Admin.EditPerson((int)alan, new Dictionary<string, object?> { ["title"] = RejectedTitle });
        environment.Marketo.Admin.EditPerson((int)grace, new Dictionary<string, object?> { ["city"] = "Arlington" });
        runner.Say("Dynamics has a validation rule on contact job titles; a marketer gives Alan a title it refuses, and moves Grace to Arlington.");
        var rejected = await Cycle.RunAsync(null, cancellationToken).ConfigureAwait(false);
        runner.Cycle(rejected);
        var activities = environment.Dataverse.Admin.GetRecords("crmsync_syncresult");
        var resultType = environment.Marketo.Admin.GetCustomActivityTypes().FirstOrDefault(t => t.ApiName == SyncResultActivityType.ApiName)?.Id;
        var marketoLog = environment.Marketo.Admin.GetActivities((int)alan).Where(a => a.ActivityTypeId == resultType).ToList();
        runner.Say($"Dynamics activity: \"{activities.Select(a => a["subject"]).FirstOrDefault()}\"");
        runner.Check("B7 rejection recorded on both sides", rejected.Record.Rejections == 1 && activities.Count == 1 && marketoLog.Count >= 1,
            $"{activities.Count} sync result activity in Dynamics, {marketoLog.Count} custom activity in Alan's Marketo log");
        runner.Check("B7 the rest of the cycle went on", Equals(Dynamics("contact", graceContact, "address1_city"), "Arlington"), "Grace's city still reached Dynamics");

        runner.Step("Sync person to Dynamics now (B4)");
        var created = await services.GetRequiredService<PersonSyncService>().SyncAsync(webinar, SyncEntity.Lead, cancellationToken).ConfigureAwait(false);
        runner.Say(created.Message);
        var again = await services.GetRequiredService<PersonSyncService>().SyncAsync(webinar, SyncEntity.Lead, cancellationToken).ConfigureAwait(false);
        runner.Say(again.Message);
        runner.Check("B4 real-time create", created.Outcome == PersonSyncOutcome.Created && again.Outcome == PersonSyncOutcome.AlreadyLinked,
            $"Katherine is now Dynamics {created.Record}; a second call pushed nothing");

        runner.Step("An idle cycle writes nothing (B9)");
        await Cycle.RunAsync(null, cancellationToken).ConfigureAwait(false);
        var idle = await Cycle.RunAsync(null, cancellationToken).ConfigureAwait(false);
        runner.Cycle(idle);
        runner.Check("B9 no echoes", idle.Record.CrmWritten == 0 && idle.Record.MarketoWritten == 0,
            $"{idle.Record.DataverseCalls + idle.Record.MarketoCalls} API calls, 0 writes");
    }

    /// <summary>What an admin does after importing the solution: <c>crmsync fields --apply</c>, then <c>crmsync doctor --fix</c>.</summary>
    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        runner.Step("Setup, as an admin does it after importing the solution (B6, B13)");
        var steps = services.GetRequiredService<PluginStepConfigurator>();
        var target = await steps.GetTargetAsync(cancellationToken).ConfigureAwait(false);
        var updated = await steps.ApplyAsync(target, cancellationToken).ConfigureAwait(false);
        runner.Say($"crmsync fields --apply: {updated.Count} plug-in steps now skip sync user {target.SyncUserId:D} and stage the mapped columns.");
        var checks = await services.GetRequiredService<Doctor>().RunAsync(fix: true, cancellationToken).ConfigureAwait(false);
        var failed = checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}").ToList();
        runner.Check("B13 doctor", failed.Count == 0,
            failed.Count == 0 ? $"crmsync doctor --fix: all {checks.Count} checks pass" : string.Join("; ", failed));
    }

    private Guid Create(string table, params (string Column, object? Value)[] values) =>
        environment.Dataverse.Admin.CreateRecord(table, values.ToDictionary(v => v.Column, v => v.Value));

    private void Update(string table, Guid id, params (string Column, object? Value)[] values) =>
        environment.Dataverse.Admin.UpdateRecord(table, id, values.ToDictionary(v => v.Column, v => v.Value));

    private object? Dynamics(string table, Guid id, string column) =>
        environment.Dataverse.Admin.GetRecord(table, id) is { } record && record.TryGetValue(column, out var value) ? value : null;

    private object? Marketo(long person, string field) => environment.Marketo.Admin.GetPerson((int)person)?[field];

    private async Task<long> Person(string entity, Guid id, CancellationToken cancellationToken) =>
        (await State.FindLinkAsync(new RecordKey(SyncEntityNames.Parse(entity), id), cancellationToken).ConfigureAwait(false))?.MarketoId ?? 0;
}
