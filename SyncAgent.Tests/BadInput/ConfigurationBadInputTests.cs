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

        // Issue 18 item 8: values that exited 1 with a stack trace, or failed only in the first cycle.
        { "Logging:LogLevel:Default", "Loud", "Logging:LogLevel:Default 'Loud' is not a log level" },
        { "Logging:Console:LogLevel:CrmSync", "chatty", "Logging:Console:LogLevel:CrmSync" },
        { "CrmSync:State:ConnectionString", "Data Source=/nonexistent-crmsync-folder/state.db", "the folder '/nonexistent-crmsync-folder' does not exist" },
        { "CrmSync:State:ConnectionString", "Data Source=state.db;Mode=ReadOnly", "CrmSync:State:ConnectionString has Mode=ReadOnly" },
        { "CrmSync:State:ConnectionString", "Data Source=state.db;Password=", "CrmSync:State:ConnectionString sets Password" },
        { "CrmSync:State:ConnectionString", "Data Source=/tmp", "Data Source '/tmp' is a folder" },
        { "CrmSync:Sync:Fields:0:Dynamics", "emailaddress1&$filter=statecode eq 0", "CrmSync:Sync:Fields:0:Dynamics 'emailaddress1&$filter=statecode eq 0' is not a Dynamics logical name" },
        { "CrmSync:Sync:Fields:0:Dynamics", "EmailAddress1", "is not a Dynamics logical name" },
        { "CrmSync:Webhook:Secret", "                    ", "CrmSync:Webhook:Secret is blank" },
        { "CrmSync:Webhook:Secret", " webhook-secret-0123456789 ", "CrmSync:Webhook:Secret is blank or has leading or trailing white space" },
        { "CrmSync:State:WriterWait", "02:00:00", "CrmSync:State:WriterWait" },

        // Issue 17 (DESIGN B22): the chunk size of a bounded cycle.
        { "CrmSync:Sync:ChunkSize", "0", "CrmSync:Sync:ChunkSize must be a whole number of persons from 1 to 1000000" },
        { "CrmSync:Sync:ChunkSize", "-20000", "CrmSync:Sync:ChunkSize must be a whole number of persons from 1 to 1000000" },
        { "CrmSync:Sync:ChunkSize", "1000001", "CrmSync:Sync:ChunkSize must be a whole number of persons from 1 to 1000000" },
        { "CrmSync:Sync:ChunkSize", "20k", "CrmSync:Sync:ChunkSize" },
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

    /// <summary>Issue 18 item 8: under <c>run</c> these exited 1 with a stack trace (the connectors were built before validation).</summary>
    [Theory]
    [InlineData("CrmSync:Marketo:BaseUrl", "::::", "CrmSync:Marketo:BaseUrl must be an absolute http(s) URL")]
    [InlineData("Logging:LogLevel:Default", "Loud", "Logging:LogLevel:Default 'Loud' is not a log level")]
    [InlineData("CrmSync:Http:Urls", "https://127.0.0.1:0", "CrmSync:Http:Urls entry 'https://127.0.0.1:0' is https but no certificate is configured")]
    [InlineData("CrmSync:State:ConnectionString", "Data Source=/nonexistent-crmsync-folder/state.db", "CrmSync:State:ConnectionString")]
    public async Task Run_BadConfiguration_ExitsTwoNamingTheKeyWithoutStackTrace(string key, string value, string named)
    {
        var settings = ValidSettings();
        settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
        settings[key] = value;

        var (exitCode, output, error) = await HarnessCli.RunAsync(settings, "run");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains(named, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    /// <summary>Issue 18 item 8: a password inside a URL is never echoed in a configuration message.</summary>
    [Theory]
    [InlineData("CrmSync:Marketo:BaseUrl", "ftp://admin:hunter2-SECRET@123-abc-456.mktorest.com")]
    [InlineData("CrmSync:Dataverse:Url", "gopher://admin:hunter2-SECRET@org.crm.dynamics.com")]
    [InlineData("CrmSync:Http:Urls", "http://admin:hunter2-SECRET@0.0.0.0:5080")]
    public async Task SyncOnce_UrlWithPassword_NamesTheKeyButNeverThePassword(string key, string value)
    {
        var settings = ValidSettings();
        settings[key] = value;

        var (exitCode, output, error) = await HarnessCli.RunAsync(settings, "sync", "--once");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains(key, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output + error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["CrmSync:Dataverse:Url"] = "https://org.crm.dynamics.com",
        ["CrmSync:Dataverse:AccessToken"] = "token",
        ["CrmSync:Marketo:BaseUrl"] = "https://123-abc-456.mktorest.com",
        ["CrmSync:Marketo:ClientId"] = "id",
        ["CrmSync:Marketo:ClientSecret"] = "secret",
        ["CrmSync:State:ConnectionString"] = "Data Source=:memory:",
    };

    [Theory]
    [InlineData("crmsync_nosuchcolumn", "department", "crmsync_nosuchcolumn")]
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
