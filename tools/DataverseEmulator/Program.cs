using CrmSync.DataverseEmulator;

// Standalone host: dotnet run --project tools/DataverseEmulator -- --urls http://127.0.0.1:5555 [--solution <zip>]
var options = new DataverseEmulatorOptions { Url = "http://127.0.0.1:5555", ConsoleLogging = true };
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--urls" when i + 1 < args.Length:
            options.Url = args[++i];
            break;
        case "--solution" when i + 1 < args.Length:
            // Relative to the directory the emulator runs in; the README uses absolute paths.
            options.SolutionPath = Path.GetFullPath(args[++i]);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: --urls http://127.0.0.1:<port> [--solution <zip>]");
            return 2;
    }
}

try
{
    await using var emulator = await DataverseEmulator.StartAsync(options);
    Console.WriteLine($"Dataverse emulator: {emulator.ApiUrl}");
    Console.WriteLine($"Token endpoint:     {emulator.TokenUrl("<tenant>")}");
    Console.WriteLine("Clients: crmsync-sync / crmsync-sync-secret (sync user), crmsync-maker / crmsync-maker-secret (maker)");
    await emulator.WaitForShutdownAsync();
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException || ex.GetType().Name == "WebApiException")
{
    // Bad URL, unreadable or invalid solution zip: say why and stop.
    Console.Error.WriteLine(ex.Message);
    return 2;
}
