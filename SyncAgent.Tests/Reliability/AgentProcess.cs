using System.Diagnostics;
using System.Text;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// The real agent as a child process: <c>dotnet crmsync.dll sync --once</c> from the test's output folder (the agent
/// project is referenced, so its build lands there), configured only through <c>CrmSync__...</c> environment variables.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private AgentProcess(Process process) => _process = process;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Whether the process has exited (by itself or killed).</summary>
    public bool HasExited => _process.HasExited;

    public static string AgentDll => Path.Combine(AppContext.BaseDirectory, "crmsync.dll");

    /// <summary>Starts <c>crmsync</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static AgentProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> settings, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AgentDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("CrmSync__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var agent = new AgentProcess(process);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Waits for the process to exit by itself; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new Xunit.Sdk.XunitException($"crmsync did not exit within {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGKILLs the process tree after <paramref name="delay"/> unless it exited first. True when the kill landed
    /// (the process was still running).
    /// </summary>
    public async Task<bool> KillAfterAsync(TimeSpan delay)
    {
        using var wait = new CancellationTokenSource(delay);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            _process.WaitForExit();
            return false;
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync();
            return true;
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
