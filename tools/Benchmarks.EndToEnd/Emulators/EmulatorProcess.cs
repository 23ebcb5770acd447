using System.Diagnostics;
using System.Text.Json;

namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>The emulator process seen from the agent's process: starts it, sends commands, reads replies.</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, EmulatorReady ready)
    {
        _process = process;
        Ready = ready;
    }

    public EmulatorReady Ready { get; }

    /// <summary>Starts this same program with <c>--role emulators</c> and waits for its ready line.</summary>
    public static async Task<EmulatorProcess> StartAsync()
    {
        var process = Process.Start(SelfStart.Info("--role", "emulators")) ?? throw new InvalidOperationException("The emulator process did not start.");
        _ = Task.Run(async () =>
        {
            // Errors of the child (start failures) go to our stderr.
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                await Console.Error.WriteLineAsync("[emulators] " + line);
            }
        });
        var first = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The emulator process exited before it was ready.");
        return new EmulatorProcess(process, JsonSerializer.Deserialize<EmulatorReady>(first, EmulatorJson.Options)!);
    }

    public Task<EmulatorReply> SendAsync(string name, int from = 0, int count = 0, int round = 0) =>
        SendAsync(new EmulatorCommand(name, from, count, round));

    public async Task<EmulatorCounters> CountersAsync() => (await SendAsync("counters")).Counters!;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new EmulatorCommand("quit"), EmulatorJson.Options));
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task<EmulatorReply> SendAsync(EmulatorCommand command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command, EmulatorJson.Options));
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The emulator process exited.");
        var reply = JsonSerializer.Deserialize<EmulatorReply>(line, EmulatorJson.Options)!;
        return reply.Error is { } error ? throw new InvalidOperationException($"Emulator command {command.Name} failed: {error}") : reply;
    }
}
