using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Reliability;

namespace CrmSync.SyncAgent.Tests.BadInput;

/// <summary>
/// Bad configuration (issue 7 catalogue): <c>crmsync sync --once</c> refuses to start with exit code 2 and a message
/// naming the key, before any call; unknown field names are refused by <c>crmsync fields --check</c>.
/// </summary>
public sealed class ConfigurationBadInputTests
{
    public static TheoryData<string, string?, string> Errors() => new()
    {
        { "CrmSync:Dataverse:Url", null, "CrmSync:Dataverse:Url" },
        { "CrmSync:Marketo:BaseUrl", null, "CrmSync:Marketo:BaseUrl" },
        { "CrmSync:Dataverse:Url", "http://crm.example.com", "non-loopback" },
        { "CrmSync:Marketo:BaseUrl", "http://123-abc-456.mktorest.com", "non-loopback" },
        { "CrmSync:Dataverse:Url", "ftp://org.crm.dynamics.com", "CrmSync:Dataverse:Url" },
        { "CrmSync:Sync:Interval", "soon", "Interval" },
        { "CrmSync:Sync:Interval", "00:00:00", "CrmSync:Sync:Interval" },
        { "CrmSync:Sync:Interval", "-00:05:00", "CrmSync:Sync:Interval" },
        { "CrmSync:Sync:Fields:0:Winner", "loudest", "CrmSync:Sync:Fields:0:Winner" },
        { "CrmSync:Sync:Fields:0:Entities:0", "account", "CrmSync:Sync:Fields:0:Entities:0" },
        { "CrmSync:Sync:Fields:0:Type", "blob", "CrmSync:Sync:Fields:0:Type" },
        { "CrmSync:Sync:Fields:0:Dynamics", "", "CrmSync:Sync:Fields:0:Dynamics" },
        { "CrmSync:Dataverse:AccessToken", null, "Dataverse" },
        { "CrmSync:Marketo:ClientSecret", null, "ClientSecret" },
        { "CrmSync:State:ConnectionString", "Data Source=x;Bogus Key=1", "CrmSync:State:ConnectionString" },
        { "CrmSync:Http:Urls", "http://0.0.0.0:5080", "CrmSync:Http:StatusKey" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task SyncOnce_BadConfiguration_RefusesToStartNamingTheKey(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://org.crm.dynamics.com",
            ["CrmSync:Dataverse:AccessToken"] = "token",
            ["CrmSync:Marketo:BaseUrl"] = "https://123-abc-456.mktorest.com",
            ["CrmSync:Marketo:ClientId"] = "id",
            ["CrmSync:Marketo:ClientSecret"] = "secret",
            ["CrmSync:State:ConnectionString"] = "Data Source=:memory:",
            ["CrmSync:Sync:Fields:0:Marketo"] = "email",
            ["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1",
            ["CrmSync:Sync:Fields:0:Entities:0"] = "contact",
        };
        settings[key] = value;

        var (exitCode, output, error) = await HarnessCli.RunAsync(settings, "sync", "--once");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains(named, output + error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("crmsync_nosuchcolumn", "website", "crmsync_nosuchcolumn")]
    [InlineData("description", "noSuchMarketoField", "noSuchMarketoField")]
    public async Task FieldsCheck_UnknownFieldNames_RefusedNamingThem(string dynamics, string marketo, string named)
    {
        await using var sut = await SyncHarness.StartAsync();
        var settings = sut.Settings;
        ValueBadInputTests.MappingWith(settings, (marketo, dynamics));

        var (exitCode, output, error) = await HarnessCli.RunAsync(settings, "fields", "--check");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains(named, output + error, StringComparison.Ordinal);
    }
}
