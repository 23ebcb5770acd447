using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.Configuration;

namespace CrmSync.SyncAgent.Tests.Configuration;

/// <summary><c>CrmSync:Pairs</c>: each pair's sections over the top-level ones; without pairs the one pair <c>default</c>.</summary>
public sealed class PairConfigurationsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Names_NoPairsSection_IsTheDefaultPair()
    {
        Assert.Equal(["default"], PairConfigurations.Names(Configuration(("CrmSync:Dataverse:Url", "https://a.example.com"))));
    }

    [Fact]
    public void For_Pair_LaysItsSectionsOverTheTopLevelAndNamesTheState()
    {
        var configuration = Configuration(
            ("CrmSync:Dataverse:Url", "https://shared.example.com"),
            ("CrmSync:Dataverse:TenantId", "tenant-1"),
            ("CrmSync:Pairs:emea:Dataverse:Url", "https://emea.example.com"),
            ("CrmSync:Pairs:emea:Marketo:BaseUrl", "https://111-AAA-111.mktorest.com"),
            ("CrmSync:Pairs:apac:Dataverse:Url", "https://apac.example.com"));

        var emea = PairConfigurations.For(configuration, "emea");

        Assert.Equal(["apac", "emea"], PairConfigurations.Names(configuration));
        Assert.Equal("https://emea.example.com", emea["CrmSync:Dataverse:Url"]);
        Assert.Equal("tenant-1", emea["CrmSync:Dataverse:TenantId"]);
        Assert.Equal("https://111-AAA-111.mktorest.com", emea["CrmSync:Marketo:BaseUrl"]);
        Assert.Equal("emea", emea["CrmSync:State:Pair"]);
    }

    [Theory]
    [InlineData("nope", "Unknown pair 'nope'")]
    [InlineData("Bad-Name", "a pair name is 1-40")]
    public void For_UnknownOrInvalidPair_ThrowsNamingIt(string pair, string message)
    {
        var configuration = Configuration(("CrmSync:Pairs:Bad-Name:Dataverse:Url", "https://x.example.com"));

        var error = Assert.Throws<ArgumentException>(() => PairConfigurations.For(configuration, pair));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownPair_ExitsWith2NamingThePairs()
    {
        await using var host = await OpsTestHost.StartAsync();

        var (exitCode, output, error) = await CliRun.RunAsync(host.Cli(), "status", "--pair", "nope");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("Unknown pair 'nope'; the configured pairs are: default.", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    // The top-level sections validate on their own (README "Running several agents"): a bad top-level value is an error
    // even when every pair overrides it, since the status page, /healthz and the CLI without --pair read it.
    [Theory]
    [InlineData("status", "--pair", "emea")]
    [InlineData("status")]
    public async Task BadTopLevelValue_EveryPairOverridingIt_ExitsWith2NamingTheKey(params string[] args)
    {
        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:Sync:Interval"] = "00:00:01";
        host.Settings["CrmSync:Pairs:emea:Sync:Interval"] = "00:05:00";
        host.Settings["CrmSync:Pairs:apac:Sync:Interval"] = "00:05:00";

        var (exitCode, output, error) = await CliRun.RunAsync(host.Cli(), args);

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("CrmSync:Sync:Interval must be at least 00:00:05.", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
