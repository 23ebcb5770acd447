using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;
using static CrmSync.Plugins.Tests.Harness.Records;

namespace CrmSync.Plugins.Tests;

public class SyncEventPluginUpdateTests
{
    private static readonly Guid AccountId = new("acc00000-0000-4000-8000-000000000003");
    private static readonly DateTime Campaign = new(2025, 2, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Execute_UpdateChangingSomeAttributes_StagesOnlyTheChangedOnes()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(
            Lead(("emailaddress1", "ada@example.com"), ("firstname", "Augusta"), ("leadqualitycode", new OptionSetValue(2))),
            Lead(("emailaddress1", "ada@example.com"), ("firstname", "Ada"), ("leadqualitycode", new OptionSetValue(1)), ("lastname", "Lovelace")));

        sut.Execute();

        Assert.Equal("Update", sut.Row[SyncEventTable.Message]);
        Assert.Equal("Update lead " + LeadId, sut.Row[SyncEventTable.Name]);
        Assert.Equal("{\"firstname\":\"Augusta\",\"leadqualitycode\":{\"optionset\":2}}", sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_UpdateWritingUnchangedValues_StagesNothing()
    {
        // Every type compared by value: new instances holding the same values are no change.
        var sut = PluginHarness.CreateSut();
        sut.Update(
            Lead(
                ("emailaddress1", "ada@example.com"),
                ("firstname", ""),
                ("numberofemployees", 12),
                ("revenue", new Money(1000.50m)),
                ("leadqualitycode", new OptionSetValue(1)),
                ("donotemail", false),
                ("lastusedincampaign", Campaign.ToLocalTime()),
                ("parentcontactid", new EntityReference("contact", ContactId)),
                ("exchangerate", 1.25d)),
            Lead(
                ("emailaddress1", "ada@example.com"),
                ("numberofemployees", 12),
                ("revenue", new Money(1000.5m)),
                ("leadqualitycode", new OptionSetValue(1)),
                ("donotemail", false),
                ("lastusedincampaign", Campaign),
                ("parentcontactid", new EntityReference("contact", ContactId)),
                ("exchangerate", 1.25d)));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("skipped: no mapped attribute changed"));
    }

    [Fact]
    public void Execute_UpdateOfUnmappedAttributeOnly_StagesNothing()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("description", "new")), Lead(("description", "old"), ("lastname", "Lovelace")));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_UpdateClearingAValue_StagesNull()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", null)), Lead(("firstname", "Ada")));

        sut.Execute();

        Assert.Equal("{\"firstname\":null}", sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_UpdateSettingAnAttributeAbsentFromPreImage_StagesIt()
    {
        // Images leave null attributes out: absent means it was empty.
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("parentcontactid", new EntityReference("contact", ContactId))), Lead(("lastname", "Lovelace")));

        sut.Execute();

        Assert.Equal(["parentcontactid"], sut.ChangedAttributes());
    }

    [Fact]
    public void Execute_UpdateChangingOnlyTheCaseOfAString_StagesIt()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("lastname", "LOVELACE")), Lead(("lastname", "Lovelace")));

        sut.Execute();

        Assert.Equal(["lastname"], sut.ChangedAttributes());
    }

    [Fact]
    public void Execute_UpdateChangingALookupTarget_StagesIt()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(
            Contact(("parentcustomerid", new EntityReference("account", AccountId))),
            Contact(("parentcustomerid", new EntityReference("contact", AccountId))));

        sut.Execute();

        Assert.Equal(
            "{\"parentcustomerid\":{\"ref\":{\"entity\":\"account\",\"id\":\"" + AccountId + "\"}}}",
            sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_UpdateWithoutPreImage_StagesEveryMappedTargetAttributeAndTraces()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Ada"), ("description", "unmapped")), preImage: null);

        sut.Execute();

        Assert.Equal(["firstname"], sut.ChangedAttributes());
        Assert.True(sut.Tracing.Contains("no PreImage image registered"));
    }

    [Fact]
    public void Execute_UpdateContactSettingOriginatingLead_StagesIt()
    {
        var leadId = Guid.NewGuid();
        var sut = PluginHarness.CreateSut();
        sut.Update(Contact(("originatingleadid", new EntityReference("lead", leadId))), Contact(("lastname", "Lovelace")));

        sut.Execute();

        Assert.Equal(leadId.ToString("D"), sut.Row[SyncEventTable.OriginatingLeadId]);
        Assert.Equal("{}", sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_UpdateContactRepeatingOriginatingLead_StagesNothing()
    {
        var leadId = Guid.NewGuid();
        var sut = PluginHarness.CreateSut();
        sut.Update(
            Contact(("originatingleadid", new EntityReference("lead", leadId))),
            Contact(("originatingleadid", new EntityReference("lead", leadId))));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_SameInstanceTwice_DecidesEachEventOnItsOwn()
    {
        // The platform caches plug-in instances: nothing of one event may leak into the next.
        var first = PluginHarness.CreateSut();
        first.Update(Lead(("firstname", "Augusta")), Lead(("firstname", "Ada")));
        var second = PluginHarness.CreateSut();
        second.Update(Lead(("lastname", "King")), Lead(("lastname", "Lovelace"), ("firstname", "Ada")));
        var plugin = new SyncEventPlugin(PluginHarness.DefaultConfiguration, string.Empty);

        plugin.Execute(first.CreateServiceProvider());
        plugin.Execute(second.CreateServiceProvider());

        Assert.Equal(["firstname"], first.ChangedAttributes());
        Assert.Equal(["lastname"], second.ChangedAttributes());
    }
}
