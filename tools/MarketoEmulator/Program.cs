using CrmSync.MarketoEmulator;

// Standalone host: dotnet run --project tools/MarketoEmulator -- --urls http://127.0.0.1:5556
var url = "http://127.0.0.1:5556";
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--urls")
    {
        url = args[i + 1];
    }
}

var options = new MarketoEmulatorOptions { Url = url, ConsoleLogging = true };
try
{
    MarketoEmulator.EnsureLoopback(url);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

await using var emulator = await MarketoEmulator.StartAsync(options);
Console.WriteLine($"Marketo emulator: identity {emulator.IdentityUrl}, REST {emulator.RestUrl}, admin {emulator.BaseUrl}/_emulator/");
Console.WriteLine($"Client id '{MarketoEmulatorOptions.DefaultClientId}', secret '{MarketoEmulatorOptions.DefaultClientSecret}'. Ctrl+C stops.");
await emulator.WaitForShutdownAsync();
return 0;
