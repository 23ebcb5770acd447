using CrmSync.SyncAgent.Cli;
using CrmSync.Demo;
using Spectre.Console;

namespace CrmSync.SyncAgent.Tests.Demo;

public sealed class DemoRunnerTests
{
    [Fact]
    public async Task RunAsync_AgainstTheEmulators_KeepsEveryPromiseItShows()
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        var kept = await new DemoRunner(console).RunAsync(null, CancellationToken.None);

        var text = output.ToString();
        Assert.True(kept, text);
        foreach (var promise in new[] { "B13 doctor", "B8 whole database", "B2 Dynamics → Marketo", "B2 Marketo → Dynamics", "B3 lead: Marketo wins", "B3 contact: Dynamics wins",
            "B7 rejection recorded on both sides", "B7 the rest of the cycle went on", "B4 real-time create", "B9 no echoes" })
        {
            Assert.Contains("✔ " + promise, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("✘", text, StringComparison.Ordinal);
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
}
