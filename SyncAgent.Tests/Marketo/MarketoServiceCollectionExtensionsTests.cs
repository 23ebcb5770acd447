using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Marketo;

public sealed class MarketoServiceCollectionExtensionsTests
{
    [Fact]
    public void AddMarketoConnector_ValidSection_ResolvesClientWithBoundOptions()
    {
        using var provider = Build(new()
        {
            ["BaseUrl"] = "http://127.0.0.1:5556",
            ["ClientId"] = "crmsync-dev",
            ["ClientSecret"] = "crmsync-dev-secret",
            ["MaxCallsPerWindow"] = "50",
        });

        Assert.NotNull(provider.GetRequiredService<MarketoClient>());
        Assert.Equal(50, provider.GetRequiredService<IOptions<MarketoOptions>>().Value.MaxCallsPerWindow);
    }

    [Theory]
    [InlineData("MaxCallsPerWindow", "101")]
    [InlineData("MaxConcurrentCalls", "11")]
    [InlineData("BatchSize", "301")]
    [InlineData("ClientSecret", "")]
    public void AddMarketoConnector_OutOfRangeOrMissing_FailsValidationWithTheSettingName(string key, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BaseUrl"] = "http://127.0.0.1:5556",
            ["ClientId"] = "crmsync-dev",
            ["ClientSecret"] = "crmsync-dev-secret",
            [key] = value,
        };
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MarketoOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddMarketoConnector(configuration).BuildServiceProvider();
    }
}
