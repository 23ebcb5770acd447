using CrmSync.SyncAgent.Cli;

namespace CrmSync.SyncAgent.Tests.Ops;

/// <summary>Runs <c>crmsync</c> in-process and captures its output.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(CliEnvironment environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await RootCommandFactory.Create(environment).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
