using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>Builds the connector over a <see cref="FakeMarketoHandler"/> and a controllable clock.</summary>
internal sealed class MarketoTestHost : IDisposable
{
    public MarketoTestHost(Action<MarketoOptions>? configure = null)
    {
        Time = new SignallingTimeProvider();
        Handler = new FakeMarketoHandler(Time);
        Options = new MarketoOptions
        {
            BaseUrl = new Uri("https://123-abc-456.mktorest.com"),
            ClientId = "client-id",
            ClientSecret = "s3cr&t=value",
            TransientRetryDelay = TimeSpan.Zero,
        };
        configure?.Invoke(Options);
        Api = new MarketoApiClient(new HttpClient(Handler), Options, Time, NullLogger<MarketoApiClient>.Instance);
        Client = new MarketoClient(Api, Options, NullLogger<MarketoClient>.Instance);
    }

    public SignallingTimeProvider Time { get; }

    public FakeMarketoHandler Handler { get; }

    public MarketoOptions Options { get; }

    public MarketoApiClient Api { get; }

    public MarketoClient Client { get; }

    public void Dispose() => Api.Dispose();
}
