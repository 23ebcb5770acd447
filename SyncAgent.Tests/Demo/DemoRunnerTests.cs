using CrmSync.DataverseEmulator.Admin;
using CrmSync.Demo;
using CrmSync.SyncAgent.Cli;
using Spectre.Console;

namespace CrmSync.SyncAgent.Tests.Demo;

/// <summary>
/// The demo (tools/Demo): every promise it shows is kept, and every figure it prints is what the emulators measured,
/// so a world where a promise breaks turns the line red with the measured figure.
/// </summary>
public sealed class DemoRunnerTests
{
    [Fact]
    public async Task RunAsync_AgainstTheEmulators_KeepsEveryPromiseWithTheMeasuredFigures()
    {
        var (kept, text) = await RunDemoAsync();

        Assert.True(kept, text);
        Assert.DoesNotContain("✘", text, StringComparison.Ordinal);
        foreach (var line in new[]
        {
            "✔ B13 doctor: crmsync doctor --fix: all 9 checks pass; Marketo holds activity type crmsyncSyncResult as approved",
            "✔ B8 whole database: 4 records linked to a Marketo person; Alan linked to person ",
            "), 1 Marketo person(s) with his email",
            " phone = +1 202 555 0143",
            "✔ B2 Marketo → Dynamics: Dynamics lead jobtitle = Chemist",
            "✔ B3 lead: Marketo wins: Dynamics says 'Mathematician (Marketo)', Marketo says 'Mathematician (Marketo)'",
            "✔ B3 contact: Dynamics wins: Dynamics says 'Rear Admiral (Dynamics)', Marketo says 'Rear Admiral (Dynamics)'",
            "✔ B14 choice as its label: Ada's lead source 8 is 'Web' in Marketo; Linus's 'trade show' is 7 in Dynamics",
            "✔ B15 one-way field: Ada's status reason 2 reached Marketo as 'Contacted'; Linus's 'Qualified' in Marketo left Dynamics statuscode = 1",
            "✔ B7 rejection recorded on both sides: 1 sync result activity in Dynamics, 1 custom activity in Alan's Marketo log; Alan's title in Dynamics = (none)",
            "✔ B7 the rest of the cycle went on: Grace's city in Dynamics = Arlington",
            "(1 lead with her email); the second call made 0 writes (0 to Dynamics, 0 to Marketo)",
            "✔ B9 no echoes: ",
            "API calls, 0 writes (0 to Dynamics, 0 to Marketo)",
            "✔ B16 account → company: Marketo company ",
            ": company = Contoso Ltd, billingCity = Redmond, externalCompanyId = ",
            "✔ B16 opportunity → Marketo: opportunity Contoso renewal, amount = 25000, stage = Develop, isClosed = false; role 'Decision Maker' on person ",
            "✔ B19 history: 2 events for Alan, newest first: rejected, linked",
            "✔ B17 Dynamics merge: 2 Marketo persons before, 1 after; person ",
            " linked to the master keeps grace@contoso.example and title Rear Admiral (Dynamics)",
            "Prometheus metrics at /metrics, OTLP with CrmSync:Telemetry:OtlpEndpoint",
            "Dry run: 1 of 5 person(s) would change, 1 value(s); nothing was written.",
            "): title 'Rear Admiral (Dynamics)' -> 'Rear Admiral (retired)' (to Marketo)",
            "API calls needed: 1 Marketo Sync Leads call(s) for 1 person(s), of ",
            "1 field(s) left alone: they hold an open rejection (fix the cause, then `crmsync rejections retry`).",
            "✔ B18 resync --dry-run: 1 value(s) of 5 person(s) would change, Grace's title; Alan's refused title left alone (1); the dry run made 0 writes (0 to Dynamics, 0 to Marketo)",
        })
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
        }

        Assert.Matches(@"Alan linked to person (\d+) \(seeded as \1\)", text);
        Assert.Matches(@"externalCompanyId = ([0-9a-f-]{36}) \(account id \1\)", text);
        Assert.Matches(@"│ B16 account → company\s+│", text);
        Assert.Matches(@"role 'Decision Maker' on person (\d+) \(Grace is \1\)", text);
    }

    [Fact]
    public async Task RunAsync_FirstCycleAfterActivityHasAWrite_ShowsTheWriteAndFails()
    {
        // An automation derives the state from the city: the validation step's write of Grace's city makes Dynamics
        // change her state, which the very next cycle must carry to Marketo. The no-echo check runs on that cycle, so
        // it must see and print the write (a check on a later cycle would miss it).
        var (kept, text) = await RunDemoAsync(environment =>
            environment.Dataverse.Admin.AddAutomation(new AutomationRule("contact", "address1_city", "address1_stateorprovince", city => Equals(city, "Arlington") ? "VA" : null)));

        Assert.False(kept, text);
        Assert.True(text.Contains("✘ B9 no echoes", StringComparison.Ordinal), text);
        Assert.True(text.Contains("1 writes (0 to Dynamics, 1 to Marketo)", StringComparison.Ordinal), text);
        Assert.Contains("✔ B7 the rest of the cycle went on: Grace's city in Dynamics = Arlington", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoCommand_FromTheCommandLine_ExitsZero()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = DemoCommand.Create(new CliEnvironment());

        var exit = await root.Parse([]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });

        Assert.True(exit == 0, output.ToString() + error);
        Assert.Contains("What the demo showed", output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(bool Kept, string Text)> RunDemoAsync(Action<DemoEnvironment>? prepare = null)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 1000; // one line per promise, so a line can be compared whole
        var kept = await new DemoRunner(console, prepare).RunAsync(null, CancellationToken.None);
        return (kept, output.ToString());
    }
}
