using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Configuration;

/// <summary><c>CrmSync:Sync:Accounts</c> (DESIGN B16): off by default, the default company mapping, configured fields, bad input named by key.</summary>
public sealed class AccountOptionsTests
{
    private static ServiceProvider CreateSut(params (string Key, string? Value)[] accounts)
    {
        var values = new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["CrmSync:Dataverse:AccessToken"] = "t",
            ["CrmSync:Marketo:BaseUrl"] = "https://123-ABC-456.mktorest.com",
            ["CrmSync:Marketo:ClientId"] = "m-client",
            ["CrmSync:Marketo:ClientSecret"] = "m-secret",
        };
        foreach (var (key, value) in accounts)
        {
            values["CrmSync:Sync:Accounts:" + key] = value;
        }

        var services = new ServiceCollection();
        services.AddCrmSyncOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Bind_NothingConfigured_NoOneWayKindSyncs()
    {
        using var provider = CreateSut();

        Assert.Empty(provider.GetRequiredService<ObjectMappings>().Mappings);
    }

    [Fact]
    public void Bind_EnabledWithoutFields_TheDefaultCompanyMapping()
    {
        using var provider = CreateSut(("Enabled", "true"));

        var mapping = Assert.Single(provider.GetRequiredService<ObjectMappings>().Mappings);

        Assert.Equal(EntityKinds.Company, mapping.Kind);
        Assert.Equal(
            ["name", "websiteurl", "industrycode", "numberofemployees", "revenue", "address1_line1", "address1_city", "address1_country"],
            mapping.DynamicsColumns);
        Assert.Equal(("industry", FieldKind.OptionSet), (mapping.ByDynamics("industrycode")!.Marketo, mapping.ByDynamics("industrycode")!.Kind));
    }

    [Fact]
    public void Bind_EnabledWithFields_OnlyThoseFields()
    {
        using var provider = CreateSut(("Enabled", "true"), ("Fields:0:Marketo", "company"), ("Fields:0:Dynamics", "name"),
            ("Fields:1:Marketo", "mainPhone"), ("Fields:1:Dynamics", "telephone1"), ("Fields:1:Type", "text"));

        var mapping = Assert.Single(provider.GetRequiredService<ObjectMappings>().Mappings);

        Assert.Equal([new ObjectField("company", "name", FieldKind.Text) { KindFromMetadata = true }, new ObjectField("mainPhone", "telephone1", FieldKind.Text)], mapping.Fields);
    }

    [Theory]
    [InlineData("Fields:0:Marketo", "", "CrmSync:Sync:Accounts:Fields:0:Marketo is required (the Marketo company field name).")]
    [InlineData("Fields:0:Marketo", "externalCompanyId", "CrmSync:Sync:Accounts:Fields:0:Marketo 'externalCompanyId' is the company's external id: CrmSync writes the Dynamics id there; map another field.")]
    [InlineData("Fields:0:Dynamics", "Name;drop", "CrmSync:Sync:Accounts:Fields:0:Dynamics 'Name;drop' is not a Dynamics logical name (lower-case letters, digits and '_', starting with a letter).")]
    [InlineData("Fields:0:Type", "lookup", "CrmSync:Sync:Accounts:Fields:0:Type 'lookup' is unknown; use text, number, money, boolean, date, datetime or optionset (or omit it: the column's metadata decides).")]
    [InlineData("Fields:1:Dynamics", "name", "CrmSync:Sync:Accounts:Fields:1 maps Dynamics column 'name' again (already in CrmSync:Sync:Accounts:Fields:0).")]
    [InlineData("Role", "Decision Maker", "CrmSync:Sync:Accounts:Role is set, but a company has no person roles: remove the key.")]
    public void Validate_BadAccountField_NamesTheKey(string key, string value, string expected)
    {
        var settings = new List<(string, string?)> { ("Enabled", "true"), ("Fields:0:Marketo", "company"), ("Fields:0:Dynamics", "name"), ("Fields:1:Marketo", "site") };
        settings.RemoveAll(s => s.Item1 == key);
        settings.Add((key, value));
        using var provider = CreateSut([.. settings]);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value);

        Assert.Contains(expected, error.Failures);
    }

    [Fact]
    public void Bind_EveryOneWayKindEnabledBySectionOfItsDescriptor_AllMapped()
    {
        // A kind's options are found from its EntityKinds entry (EntityKind.Section): no per-kind property in SyncOptions.
        var values = new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["CrmSync:Dataverse:AccessToken"] = "t",
            ["CrmSync:Marketo:BaseUrl"] = "https://123-ABC-456.mktorest.com",
            ["CrmSync:Marketo:ClientId"] = "m-client",
            ["CrmSync:Marketo:ClientSecret"] = "m-secret",
            ["CrmSync:Sync:Accounts:Enabled"] = "true",
            ["CrmSync:Sync:Opportunities:Enabled"] = "true",
        };
        var services = new ServiceCollection();
        services.AddCrmSyncOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();

        var mappings = provider.GetRequiredService<ObjectMappings>().Mappings;

        Assert.Equal(["company", "opportunity"], mappings.Select(m => m.Kind.Name));
        Assert.Equal([null, "Decision Maker"], mappings.Select(m => m.RoleName));
    }
}
