using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Configuration;

public class CrmSyncOptionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["CrmSync:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
        ["CrmSync:Dataverse:TenantId"] = "tenant",
        ["CrmSync:Dataverse:ClientId"] = "client",
        ["CrmSync:Dataverse:ClientSecret"] = "secret",
        ["CrmSync:Marketo:BaseUrl"] = "https://123-ABC-456.mktorest.com",
        ["CrmSync:Marketo:ClientId"] = "m-client",
        ["CrmSync:Marketo:ClientSecret"] = "m-secret",
    };

    private static ServiceProvider CreateSut(params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddCrmSyncOptions(configuration);
        return services.BuildServiceProvider();
    }

    private static IReadOnlyList<string> Errors(params (string Key, string? Value)[] overrides)
    {
        using var provider = CreateSut(overrides);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value);
        return [.. error.Failures];
    }

    [Fact]
    public void Bind_MinimalValidConfiguration_AppliesDefaults()
    {
        using var provider = CreateSut();

        var options = provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(5), options.Sync.Interval);
        Assert.Equal("Data Source=crmsync.db", options.State.ConnectionString);
        Assert.Equal("http://127.0.0.1:5080", options.Http.Urls);
        Assert.Empty(options.Sync.Fields);
        Assert.Same(DefaultFieldMapping.Mapping, provider.GetRequiredService<FieldMapping>());
        Assert.Equal("client", options.Dataverse.ClientId);
    }

    [Fact]
    public void DefaultMapping_LeadAndContact_MatchTheSolutionSteps()
    {
        var mapping = DefaultFieldMapping.Mapping;

        Assert.Equal(
            ["emailaddress1", "firstname", "lastname", "telephone1", "mobilephone", "jobtitle", "companyname", "address1_city",
                "address1_stateorprovince", "address1_postalcode", "address1_country", "salutation", "middlename", "fax", "websiteurl",
                "address1_line1", "industrycode", "revenue", "numberofemployees", "leadsourcecode", "donotbulkemail", "donotphone", "statuscode"],
            mapping.DynamicsAttributes(SyncEntity.Lead));
        Assert.Equal(
            mapping.DynamicsAttributes(SyncEntity.Lead).Where(a => a is not ("companyname" or "industrycode" or "revenue" or "numberofemployees" or "leadsourcecode")),
            mapping.DynamicsAttributes(SyncEntity.Contact));
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Lead, "leadStatus", out var status)
            && (status.Dynamics, status.Kind, status.Direction) == ("statuscode", FieldKind.OptionSet, FieldDirection.ToMarketo));
        Assert.False(mapping.TryGetByMarketo(SyncEntity.Contact, "leadSource", out _));
        Assert.Equal("email", mapping.EmailFor(SyncEntity.Contact)!.Marketo);
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Lead, "postalCode", out var postal) && postal.Dynamics == "address1_postalcode");
    }

    [Fact]
    public void Bind_ConfiguredFields_ReplaceDefaultMapping()
    {
        using var provider = CreateSut(
            ("CrmSync:Sync:Fields:0:Marketo", "email"), ("CrmSync:Sync:Fields:0:Dynamics", "emailaddress1"),
            ("CrmSync:Sync:Fields:1:Marketo", "title"), ("CrmSync:Sync:Fields:1:Dynamics", "jobtitle"),
            ("CrmSync:Sync:Fields:1:Entities:0", "contact"), ("CrmSync:Sync:Fields:1:Winner", "Newest"),
            ("CrmSync:Sync:Interval", "00:00:30"));

        var mapping = provider.GetRequiredService<FieldMapping>();

        Assert.Equal(["emailaddress1"], mapping.DynamicsAttributes(SyncEntity.Lead));
        Assert.True(mapping.TryGetByDynamics(SyncEntity.Contact, "jobtitle", out var title));
        Assert.Equal(CollisionWinner.Newest, title.Winner);
        Assert.Equal(FieldKind.Email, mapping.EmailFor(SyncEntity.Lead)!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<SyncOptions>>().Value.Interval);
    }

    [Fact]
    public void Bind_StaticAccessTokenAndLoopbackHttp_IsValid()
    {
        using var provider = CreateSut(
            ("CrmSync:Dataverse:Url", "http://127.0.0.1:5555"), ("CrmSync:Dataverse:TenantId", null), ("CrmSync:Dataverse:ClientId", null),
            ("CrmSync:Dataverse:ClientSecret", null), ("CrmSync:Dataverse:AccessToken", "token"),
            ("CrmSync:Marketo:BaseUrl", "http://localhost:5556"));

        Assert.False(provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value.Dataverse.UsesClientCredentials);
    }

    [Theory]
    [InlineData("CrmSync:Dataverse:Url", "", "CrmSync:Dataverse:Url is required")]
    [InlineData("CrmSync:Dataverse:Url", "contoso.crm.dynamics.com", "CrmSync:Dataverse:Url must be an absolute")]
    [InlineData("CrmSync:Dataverse:Url", "http://contoso.crm.dynamics.com", "CrmSync:Dataverse:Url uses http://")]
    [InlineData("CrmSync:Dataverse:ClientSecret", "", "CrmSync:Dataverse:ClientSecret is required unless")]
    [InlineData("CrmSync:Marketo:BaseUrl", "ftp://mkto.example", "CrmSync:Marketo:BaseUrl must be an absolute")]
    [InlineData("CrmSync:Marketo:ClientId", "", "CrmSync:Marketo:ClientId is required")]
    [InlineData("CrmSync:Sync:Interval", "00:00:04", "CrmSync:Sync:Interval must be at least 00:00:05")]
    [InlineData("CrmSync:Sync:ChunkSize", "0", "CrmSync:Sync:ChunkSize must be a whole number of persons from 1 to 1000000")]
    [InlineData("CrmSync:Sync:DeletedField", "deleted in dynamics", "CrmSync:Sync:DeletedField must be a Marketo field's REST API name")]
    [InlineData("CrmSync:State:ConnectionString", "Bogus Key=1", "CrmSync:State:ConnectionString is not a valid")]
    [InlineData("CrmSync:Webhook:Secret", "short", "CrmSync:Webhook:Secret must be at least 16")]
    [InlineData("CrmSync:Webhook:LookupGatherWindow", "00:00:02", "CrmSync:Webhook:LookupGatherWindow must be between 00:00:00 and 00:00:01")]
    [InlineData("CrmSync:Webhook:AnswerWithin", "00:00:21", "CrmSync:Webhook:AnswerWithin must be between 00:00:00.100 and 00:00:20")]
    [InlineData("CrmSync:Webhook:AnswerWithin", "00:00:00", "CrmSync:Webhook:AnswerWithin must be between 00:00:00.100 and 00:00:20")]
    [InlineData("CrmSync:Http:Urls", "http://127.0.0.1:1;not a url", "CrmSync:Http:Urls entry 'not a url'")]
    public void Validate_BadValue_NamesTheKey(string key, string value, string expected)
    {
        var errors = Errors((key, value));

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_InsecureHttpAllowed_IsAccepted()
    {
        using var provider = CreateSut(("CrmSync:Dataverse:Url", "http://crm.test"), ("CrmSync:Dataverse:AllowInsecureHttp", "true"));

        Assert.NotNull(provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value.Dataverse.Url);
    }

    [Fact]
    public void Validate_UnknownWinnerTypeAndEntity_NamesTheEntry()
    {
        var errors = Errors(
            ("CrmSync:Sync:Fields:0:Marketo", "title"), ("CrmSync:Sync:Fields:0:Dynamics", "jobtitle"),
            ("CrmSync:Sync:Fields:0:Winner", "crm"), ("CrmSync:Sync:Fields:0:Type", "blob"), ("CrmSync:Sync:Fields:0:Entities:0", "account"));

        Assert.Contains(errors, e => e.StartsWith("CrmSync:Sync:Fields:0:Winner 'crm' is unknown", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CrmSync:Sync:Fields:0:Type 'blob' is unknown", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CrmSync:Sync:Fields:0:Entities:0 'account' is unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EmptyNames_NamesTheEntry()
    {
        var errors = Errors(("CrmSync:Sync:Fields:0:Marketo", " "), ("CrmSync:Sync:Fields:0:Winner", "marketo"));

        Assert.Contains("CrmSync:Sync:Fields:0:Marketo is required (the Marketo REST field name).", errors);
        Assert.Contains("CrmSync:Sync:Fields:0:Dynamics is required (the Dynamics attribute logical name).", errors);
    }

    [Fact]
    public void Validate_DuplicateMappingForOneEntity_NamesBothEntries()
    {
        var errors = Errors(
            ("CrmSync:Sync:Fields:0:Marketo", "title"), ("CrmSync:Sync:Fields:0:Dynamics", "jobtitle"),
            ("CrmSync:Sync:Fields:1:Marketo", "Title"), ("CrmSync:Sync:Fields:1:Dynamics", "description"),
            ("CrmSync:Sync:Fields:1:Entities:0", "lead"));

        var error = Assert.Single(errors);
        Assert.Equal("CrmSync:Sync:Fields:1 maps Marketo field 'Title' for lead again (already in CrmSync:Sync:Fields:0).", error);
    }

    [Fact]
    public void Validate_SameFieldForDifferentEntities_IsAccepted()
    {
        using var provider = CreateSut(
            ("CrmSync:Sync:Fields:0:Marketo", "company"), ("CrmSync:Sync:Fields:0:Dynamics", "companyname"), ("CrmSync:Sync:Fields:0:Entities:0", "lead"),
            ("CrmSync:Sync:Fields:1:Marketo", "company"), ("CrmSync:Sync:Fields:1:Dynamics", "parentcustomerid"), ("CrmSync:Sync:Fields:1:Entities:0", "contact"));

        var mapping = provider.GetRequiredService<FieldMapping>();
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Lead, "company", out var lead));
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Contact, "company", out var contact));
        Assert.Equal(("companyname", "parentcustomerid"), (lead.Dynamics, contact.Dynamics));
        Assert.Equal(["company"], mapping.MarketoFields);
    }
}
