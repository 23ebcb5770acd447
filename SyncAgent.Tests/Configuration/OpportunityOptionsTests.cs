using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Configuration;

/// <summary>
/// <c>CrmSync:Sync:Opportunities</c> (DESIGN B16): off by default, the default opportunity mapping (isClosed and isWon
/// from statecode), the role name, configured fields with TrueWhen, bad input named by key (exit 2 from a command).
/// </summary>
public sealed class OpportunityOptionsTests
{
    private static ServiceProvider CreateSut(params (string Key, string? Value)[] opportunities)
    {
        var values = new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["CrmSync:Dataverse:AccessToken"] = "t",
            ["CrmSync:Marketo:BaseUrl"] = "https://123-ABC-456.mktorest.com",
            ["CrmSync:Marketo:ClientId"] = "m-client",
            ["CrmSync:Marketo:ClientSecret"] = "m-secret",
        };
        foreach (var (key, value) in opportunities)
        {
            values["CrmSync:Sync:Opportunities:" + key] = value;
        }

        var services = new ServiceCollection();
        services.AddCrmSyncOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Bind_EnabledWithoutFields_TheDefaultOpportunityMappingAndRole()
    {
        using var provider = CreateSut(("Enabled", "true"));

        var mapping = Assert.Single(provider.GetRequiredService<ObjectMappings>().Mappings);

        Assert.Equal(EntityKinds.Opportunity, mapping.Kind);
        Assert.Equal(["name", "estimatedvalue", "estimatedclosedate", "salesstage", "statecode", "customerid", "parentcontactid"], mapping.DynamicsColumns);
        Assert.Equal(["name", "amount", "closeDate", "stage", "isClosed", "isWon"], mapping.Fields.Select(f => f.Marketo));
        Assert.Equal([[1, 2], [1]], mapping.Fields.Where(f => f.TrueWhen is not null).Select(f => f.TrueWhen!.ToArray()));
        Assert.Equal("Decision Maker", mapping.RoleName);
    }

    [Fact]
    public void Bind_RoleAndTrueWhenConfigured_Used()
    {
        using var provider = CreateSut(("Enabled", "true"), ("Role", "Champion"), ("Fields:0:Marketo", "isWon"), ("Fields:0:Dynamics", "statecode"),
            ("Fields:0:TrueWhen:0", "1"), ("Fields:1:Marketo", "isClosed"), ("Fields:1:Dynamics", "statecode"), ("Fields:1:TrueWhen:0", "1"), ("Fields:1:TrueWhen:1", "2"));

        var mapping = Assert.Single(provider.GetRequiredService<ObjectMappings>().Mappings);

        Assert.Equal("Champion", mapping.RoleName);
        Assert.Equal([("isWon", FieldKind.Boolean, "1"), ("isClosed", FieldKind.Boolean, "1,2")],
            mapping.Fields.Select(f => (f.Marketo, f.Kind, string.Join(',', f.TrueWhen!))));
    }

    [Theory]
    [InlineData("Role", "", "CrmSync:Sync:Opportunities:Role must name the opportunity role (1 to 50 characters, e.g. 'Decision Maker').")]
    [InlineData("Fields:0:Marketo", "externalOpportunityId", "CrmSync:Sync:Opportunities:Fields:0:Marketo 'externalOpportunityId' is the opportunity's external id: CrmSync writes the Dynamics id there; map another field.")]
    [InlineData("Fields:0:Type", "text", "CrmSync:Sync:Opportunities:Fields:0:Type 'text' does not fit TrueWhen: a field with TrueWhen is a Marketo Boolean (omit Type or use boolean).")]
    [InlineData("Fields:0:TrueWhen:0", "-1", "CrmSync:Sync:Opportunities:Fields:0:TrueWhen lists '-1', which is not a choice value (0 or more).")]
    [InlineData("Fields:1:Dynamics", "name", "CrmSync:Sync:Opportunities:Fields:2 maps Dynamics column 'name' again (already in CrmSync:Sync:Opportunities:Fields:1).")]
    public void Validate_BadOpportunityOption_NamesTheKey(string key, string value, string expected)
    {
        var settings = new List<(string, string?)>
        {
            ("Enabled", "true"), ("Fields:0:Marketo", "isWon"), ("Fields:0:Dynamics", "statecode"), ("Fields:0:TrueWhen:0", "1"),
            ("Fields:1:Marketo", "description"), ("Fields:1:Dynamics", "description"), ("Fields:2:Marketo", "name"), ("Fields:2:Dynamics", "name"),
        };
        settings.RemoveAll(s => s.Item1 == key);
        settings.Add((key, value));
        using var provider = CreateSut([.. settings]);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value);

        Assert.Contains(expected, error.Failures);
    }

    [Fact]
    public async Task Status_BadOpportunityRole_ExitsWith2NamingTheKey()
    {
        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:Sync:Opportunities:Enabled"] = "true";
        host.Settings["CrmSync:Sync:Opportunities:Role"] = new string('x', 51);

        var (exitCode, output, error) = await CliRun.RunAsync(host.Cli(), "status");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("CrmSync:Sync:Opportunities:Role must name the opportunity role", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
