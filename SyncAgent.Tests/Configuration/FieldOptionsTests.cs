using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Configuration;

/// <summary>Direction, KeepNonBlank, Truncate, the new types and LookupValue (DESIGN B14, B15) in <c>CrmSync:Sync:Fields</c>.</summary>
public class FieldOptionsTests
{
    private static ServiceProvider CreateSut(params (string Key, string? Value)[] fields)
    {
        var values = new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["CrmSync:Dataverse:TenantId"] = "tenant",
            ["CrmSync:Dataverse:ClientId"] = "client",
            ["CrmSync:Dataverse:ClientSecret"] = "secret",
            ["CrmSync:Marketo:BaseUrl"] = "https://123-ABC-456.mktorest.com",
            ["CrmSync:Marketo:ClientId"] = "m-client",
            ["CrmSync:Marketo:ClientSecret"] = "m-secret",
            ["CrmSync:Sync:Fields:0:Marketo"] = "email",
            ["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1",
        };
        foreach (var (key, value) in fields)
        {
            values["CrmSync:Sync:Fields:" + key] = value;
        }

        var services = new ServiceCollection();
        services.AddCrmSyncOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Bind_DirectionKeepNonBlankTruncateLookup_CompiledIntoTheMaps()
    {
        using var provider = CreateSut(
            ("1:Marketo", "leadStatus"), ("1:Dynamics", "statuscode"), ("1:Direction", "toMarketo"), ("1:Entities:0", "lead"),
            ("2:Marketo", "title"), ("2:Dynamics", "jobtitle"), ("2:KeepNonBlank", "true"), ("2:Truncate", "true"), ("2:Direction", "TODYNAMICS"),
            ("3:Marketo", "ownerEmail"), ("3:Dynamics", "ownerid"), ("3:Type", "lookup"), ("3:LookupValue", "name"),
            ("4:Marketo", "hobbies"), ("4:Dynamics", "crm_hobbies"), ("4:Type", "multioptionset"));

        var mapping = provider.GetRequiredService<FieldMapping>();

        Assert.True(mapping.TryGetByMarketo(SyncEntity.Lead, "leadStatus", out var status));
        Assert.Equal((FieldDirection.ToMarketo, false, true), (status.Direction, status.KeepNonBlank, status.KindFromMetadata));
        Assert.False(mapping.TryGetByMarketo(SyncEntity.Contact, "leadStatus", out _));
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Contact, "title", out var title));
        Assert.Equal((FieldDirection.ToDynamics, true, true), (title.Direction, title.KeepNonBlank, title.Truncate));
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Lead, "ownerEmail", out var owner));
        Assert.Equal((FieldKind.Lookup, LookupDisplay.Name, FieldDirection.ToMarketo, false), (owner.Kind, owner.LookupValue, owner.EffectiveDirection, owner.KindFromMetadata));
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Lead, "hobbies", out var hobbies));
        Assert.Equal(FieldKind.MultiOptionSet, hobbies.Kind);
        Assert.True(mapping.TryGetByMarketo(SyncEntity.Lead, "email", out var email));
        Assert.Equal((FieldKind.Email, false), (email.Kind, email.KindFromMetadata));
        Assert.Equal(1033, provider.GetRequiredService<IOptions<SyncOptions>>().Value.LanguageCode);
    }

    [Theory]
    [InlineData("1:Direction", "sideways", "CrmSync:Sync:Fields:1:Direction 'sideways' is unknown; use 'both', 'toMarketo' or 'toDynamics'.")]
    [InlineData("1:LookupValue", "id", "CrmSync:Sync:Fields:1:LookupValue 'id' is unknown; use 'email', 'name' or 'externalId'.")]
    [InlineData("1:Type", "picklist", "CrmSync:Sync:Fields:1:Type 'picklist' is unknown; use text, email, number, boolean, date, datetime, optionset, multioptionset, money or lookup (or omit it: the column's metadata decides).")]
    public void Validate_BadFieldOption_NamesTheKey(string key, string value, string expected)
    {
        using var provider = CreateSut(("1:Marketo", "leadSource"), ("1:Dynamics", "leadsourcecode"), (key, value));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value);

        Assert.Contains(expected, error.Failures);
    }

    [Fact]
    public void Validate_OneWayEmail_Refused()
    {
        using var provider = CreateSut(("0:Direction", "toDynamics"));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value);

        Assert.Contains(
            "CrmSync:Sync:Fields:0:Direction 'toDynamics' is not allowed on the email field: persons are matched by email, so it flows both ways.",
            error.Failures);
    }

    [Fact]
    public void Validate_LanguageCodeZero_Refused()
    {
        var values = new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["CrmSync:Dataverse:AccessToken"] = "t",
            ["CrmSync:Marketo:BaseUrl"] = "https://123-ABC-456.mktorest.com",
            ["CrmSync:Marketo:ClientId"] = "m-client",
            ["CrmSync:Marketo:ClientSecret"] = "m-secret",
            ["CrmSync:Sync:LanguageCode"] = "0",
        };
        var services = new ServiceCollection();
        services.AddCrmSyncOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrmSyncOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("CrmSync:Sync:LanguageCode must be a language code", StringComparison.Ordinal));
    }
}
