using Spectre.Console;

namespace CrmSync.SyncAgent.Cli;

/// <summary>Spectre consoles over a command's writer.</summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            // Redirected output (files, tests) has no width; keep tables readable instead of wrapping at 80.
            console.Profile.Width = 200;
        }

        return console;
    }
}
