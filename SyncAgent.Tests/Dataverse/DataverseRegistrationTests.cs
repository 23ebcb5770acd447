using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;

namespace CrmSync.SyncAgent.Tests.Dataverse;

public class DataverseRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, FakeDataverseHandler? handler = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddDataverseConnector(configuration.GetSection(DataverseOptions.SectionName));
        if (handler is not null)
        {
            services.AddHttpClient(DataverseServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddDataverseConnector_StaticToken_ClientUsesConfiguredUrlAndToken()
    {
        var handler = new FakeDataverseHandler().EnqueueJson("""{"BusinessUnitId":"6f202e6c-e471-ec11-8f8f-000d3a5a8f15","UserId":"b08b46b6-5fce-4bf8-a2b6-4f1d67c3a9c6","OrganizationId":"883278f5-07af-45eb-a0bc-3fea67caa544"}""");
        using var provider = Build(
            new() { ["CrmSync:Dataverse:Url"] = "http://127.0.0.1:5555", ["CrmSync:Dataverse:AccessToken"] = "emulator-token" },
            handler);

        var client = provider.GetRequiredService<DataverseClient>();
        await client.WhoAmIAsync(CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:5555/api/data/v9.2/WhoAmI", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer emulator-token", request.Header("Authorization"));
        Assert.Same(provider.GetRequiredService<DataverseCallCounter>(), client.Counter);
        Assert.Equal(1, client.Counter.Requests);
    }

    [Fact]
    public void AddDataverseConnector_NoCredentials_FailsValidationWithClearMessage()
    {
        using var provider = Build(new() { ["CrmSync:Dataverse:Url"] = "https://org.example.crm.dynamics.com" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DataverseOptions>>().Value);

        Assert.Contains("AccessToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRetryAfter_HttpDate_WaitUntilThatTime()
    {
        var time = new RecordingTimeProvider();
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(90));

        Assert.Equal(TimeSpan.FromSeconds(90), ServiceProtection.GetRetryAfter(response.Headers, time));
    }
}
