using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmSync.SyncAgent.Tests.Browser;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (one browser websocket, a flattened page session), with
/// System.Net.WebSockets only. Collects console errors, exceptions and failed loads the page reports.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly ConcurrentQueue<JsonNode> _events = new();
    private readonly SemaphoreSlim _eventArrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private string? _session;
    private int _nextId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, uncaught exceptions and error log entries (e.g. a blocked script or a failed load) so far.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The Chromium executable, or null when none is installed.</summary>
    public static string? Find() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    /// <summary>Starts Chromium headless on a free DevTools port and opens a blank page.</summary>
    public static async Task<Chromium> StartAsync(string downloads)
    {
        var profile = Directory.CreateTempSubdirectory("crmsync-chromium-").FullName;
        var info = new ProcessStartInfo(Find() ?? throw new InvalidOperationException("Chromium is not installed."))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--window-size=1280,900", "about:blank",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var browser = new Chromium(process, profile);
        var endpoint = await ReadEndpointAsync(process).WaitAsync(Timeout);
        await browser._socket.ConnectAsync(new Uri(endpoint), CancellationToken.None).WaitAsync(Timeout);
        browser._reader = Task.Run(browser.ReadLoopAsync);
        await browser.SendAsync("Browser.setDownloadBehavior", new JsonObject { ["behavior"] = "allow", ["downloadPath"] = downloads }, browserLevel: true);
        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true);
        browser._session = attached["sessionId"]!.GetValue<string>();
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Runtime.enable");
        await browser.SendAsync("Log.enable");
        return browser;
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        DrainEvents();
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        await WaitForEventAsync("Page.loadEventFired");
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } failed)
        {
            throw new InvalidOperationException("Evaluation failed: " + failed.ToJsonString());
        }

        return result["result"]?["value"];
    }

    /// <summary>Evaluates <paramref name="expression"/> (which starts a navigation) and waits for the new page's load event.</summary>
    public async Task EvaluateAndWaitForLoadAsync(string expression)
    {
        DrainEvents();
        await EvaluateAsync(expression);
        await WaitForEventAsync("Page.loadEventFired");
    }

    /// <summary>A PNG screenshot of the whole page, saved to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(Timeout);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting child process; the temporary folder is left behind.
        }
    }

    private static async Task<string> ReadEndpointAsync(Process process)
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            const string Marker = "DevTools listening on ";
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                // Keep draining stderr so Chromium never blocks on a full pipe.
                _ = Task.Run(async () => await process.StandardError.ReadToEndAsync());
                _ = Task.Run(async () => await process.StandardOutput.ReadToEndAsync());
                return line[(at + Marker.Length)..].Trim();
            }
        }

        throw new InvalidOperationException("Chromium exited without a DevTools endpoint.");
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null, bool browserLevel = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel)
        {
            message["sessionId"] = _session;
        }

        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await done.Task.WaitAsync(Timeout);
    }

    private async Task WaitForEventAsync(string method)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Timeout)
        {
            while (_events.TryDequeue(out var e))
            {
                if (e["method"]?.GetValue<string>() == method)
                {
                    return;
                }
            }

            await _eventArrived.WaitAsync(Timeout - deadline.Elapsed);
        }

        throw new TimeoutException($"No {method} within {Timeout.TotalSeconds} s.");
    }

    private void DrainEvents()
    {
        while (_events.TryDequeue(out _))
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiting))
                {
                    if (node["error"] is { } error)
                    {
                        waiting.TrySetException(new InvalidOperationException(error.ToJsonString()));
                    }
                    else
                    {
                        waiting.TrySetResult(node["result"] ?? new JsonObject());
                    }

                    continue;
                }

                Collect(node);
                _events.Enqueue(node);
                _eventArrived.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
    }

    private void Collect(JsonNode e)
    {
        var parameters = e["params"];
        var method = e["method"]?.GetValue<string>();
        if (method == "Runtime.consoleAPICalled")
        {
            var type = parameters?["type"]?.GetValue<string>();
            if (type is "error" or "assert")
            {
                Errors.Enqueue("console: " + parameters?["args"]?.ToJsonString());
            }
        }
        else if (method == "Runtime.exceptionThrown")
        {
            Errors.Enqueue("exception: " + parameters?["exceptionDetails"]?.ToJsonString());
        }
        else if (method == "Log.entryAdded")
        {
            var entry = parameters?["entry"];
            if (entry?["level"]?.GetValue<string>() == "error")
            {
                Errors.Enqueue("log: " + entry["text"] + " " + entry["url"]);
            }
        }
    }
}
