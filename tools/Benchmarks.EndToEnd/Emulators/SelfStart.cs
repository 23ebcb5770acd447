using System.Diagnostics;

namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>How to start this same program again in another role (apphost or <c>dotnet &lt;dll&gt;</c>).</summary>
internal static class SelfStart
{
    public static ProcessStartInfo Info(params string[] arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under `dotnet-trace collect -- <runner>` only the agent's process is traced: a child that inherited the
        // diagnostic port would wait on it (and its stdout is the command channel).
        info.Environment.Remove("DOTNET_DiagnosticPorts");
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(SelfStart).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
