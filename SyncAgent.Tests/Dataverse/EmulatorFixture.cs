using CrmSync.Demo;
using CrmSync.DataverseEmulator;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Auth;
using Emulator = CrmSync.DataverseEmulator.DataverseEmulator;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>Starts the in-process Dataverse emulator and builds connectors on it.</summary>
internal static class EmulatorFixture
{
    public const string SyncToken = "sync-token";

    public static Task<Emulator> StartAsync(TimeProvider? time = null, bool withSolution = false)
    {
        var options = new DataverseEmulatorOptions { TimeProvider = time ?? TimeProvider.System };
        options.StaticTokens["crmsync-sync"] = SyncToken;
        if (withSolution)
        {
            options.SolutionPath = PackedSolution.Find();
        }

        return Emulator.StartAsync(options);
    }

    public static DataverseClient CreateClient(Emulator emulator, Action<DataverseOptions>? configure = null, TimeProvider? time = null, string token = SyncToken)
    {
        var options = new DataverseOptions { Url = new Uri(emulator.BaseUrl), AccessToken = token, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        configure?.Invoke(options);
        return DataverseTestHost.CreateClient(new HttpClient(), new StaticTokenSource(token), options, time);
    }
}
