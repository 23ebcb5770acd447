using System.CommandLine;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// Builds the <c>crmsync</c> command tree. To add a command: write a class with
/// <c>public static Command Create(CliEnvironment environment)</c> (see <see cref="StatusCommand"/>) and add one line
/// to <see cref="Commands"/>.
/// </summary>
internal static class RootCommandFactory
{
    /// <summary><c>--config &lt;file&gt;</c>: an extra JSON settings file, on every command.</summary>
    public static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = "A JSON settings file (on top of appsettings.json; environment variables still win)",
        Recursive = true,
    };

    /// <summary><c>--pair &lt;name&gt;</c>: the pair of <c>CrmSync:Pairs</c> a command works on (DESIGN B21); optional with one pair.</summary>
    public static readonly Option<string?> PairOption = new("--pair")
    {
        Description = "The pair (CrmSync:Pairs:<name>) to work on; default: the top-level sections (pair 'default')",
        Recursive = true,
    };

    /// <summary>The commands, in help order. One line per command.</summary>
    private static readonly Func<CliEnvironment, Command>[] Commands =
    [
        RunCommand.Create,
        SyncCommand.Create,
        StatusCommand.Create,
        DoctorCommand.Create,
        FieldsCommand.Create,
        SyncPersonCommand.Create,
        StateCommand.Create,
        HistoryCommand.Create,
        ResyncCommand.Create,
        RejectionsCommand.Create,
        ServiceCommand.Create,
    ];

    /// <summary>The root command with every command of <see cref="Commands"/>.</summary>
    public static RootCommand Create(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = new RootCommand("CrmSync: keeps Marketo persons and Dynamics 365 leads and contacts in sync.");
        root.Options.Add(ConfigOption);
        root.Options.Add(PairOption);
        foreach (var create in Commands)
        {
            root.Subcommands.Add(create(environment));
        }

        return root;
    }
}
