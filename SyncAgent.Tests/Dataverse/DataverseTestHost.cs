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
        new(
            new HttpClient(handler),
            new StaticTokenSource("test-token"),
            Microsoft.Extensions.Options.Options.Create(Options(configure)),
            timeProvider ?? TimeProvider.System,
            counter ?? new DataverseCallCounter(),
            NullLogger<DataverseClient>.Instance);
}
