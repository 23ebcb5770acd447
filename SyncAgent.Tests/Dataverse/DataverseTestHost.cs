using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Auth;
using CrmSync.SyncAgent.Dataverse.Http;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>Builds a <see cref="DataverseClient"/> over a <see cref="FakeDataverseHandler"/>.</summary>
internal static class DataverseTestHost
{
    public const string OrgUrl = "https://org.example.crm.dynamics.com";
    public const string ServiceRoot = OrgUrl + "/api/data/v9.2/";

    public static DataverseOptions Options(Action<DataverseOptions>? configure = null)
    {
        var options = new DataverseOptions
        {
            Url = new Uri(OrgUrl),
            AccessToken = "test-token",
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        };
        configure?.Invoke(options);
        return options;
    }

    public static DataverseClient CreateSut(FakeDataverseHandler handler, Action<DataverseOptions>? configure = null, TimeProvider? timeProvider = null, DataverseCallCounter? counter = null) =>
        CreateClient(new HttpClient(handler), new StaticTokenSource("test-token"), Options(configure), timeProvider, counter);

    /// <summary>A client as the composition root builds one, with no logging; the system clock and a fresh call counter unless given.</summary>
    public static DataverseClient CreateClient(
        HttpClient http, DataverseTokenSource tokenSource, DataverseOptions options, TimeProvider? timeProvider = null, DataverseCallCounter? counter = null) =>
        new(
            http,
            tokenSource,
            Microsoft.Extensions.Options.Options.Create(options),
            timeProvider ?? TimeProvider.System,
            counter ?? new DataverseCallCounter(),
            NullLogger<DataverseClient>.Instance);
}
