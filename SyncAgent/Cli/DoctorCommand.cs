using System.CommandLine;
using CrmSync.SyncAgent.Setup;
using Spectre.Console;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync doctor [--fix]</c> (DESIGN B13): exit code 0 when every check passes, 1 otherwise.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var fix = new Option<bool>("--fix") { Description = "Create and approve the Marketo sync-result custom activity type when it is missing or a draft" };
        var command = new Command("doctor", "Check the Dynamics and Marketo setup, each check with pass/fail and the fix") { fix };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            var checks = await session.Get<Doctor>().RunAsync(parseResult.GetValue(fix), ct).ConfigureAwait(false);
            var table = TextTable.Create(null, "Check", "Result", "Detail", "Fix");
            foreach (var check in checks)
            {
                TextTable.AddRow(table, check.Name, check.Passed ? "PASS" : "FAIL", check.Detail, check.Fix ?? "");
            }

            session.Console.Write(table);
            var failed = checks.Count(c => !c.Passed);
            session.Console.Write(new Text(failed == 0 ? "All checks passed." + Environment.NewLine : $"{failed} of {checks.Count} checks failed." + Environment.NewLine));
            return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }, cancellationToken));
        return command;
    }
}
