using System.Xml.Linq;
using CrmSync.Staging;

namespace CrmSync.Plugins.Tests.Solution;

/// <summary>The tables, columns and role in the packed customizations.xml agree with the staging contract.</summary>
public sealed class SolutionTableTests : IClassFixture<PackedSolution>
{
    private readonly PackedSolution _solution;

    public SolutionTableTests(PackedSolution solution) => _solution = solution;

    [Theory]
    [InlineData(SyncEventTable.Name, SyncEventTable.NameMaxLength)]
    [InlineData(SyncEventTable.Entity, SyncEventTable.EntityMaxLength)]
    [InlineData(SyncEventTable.RecordId, SyncEventTable.IdMaxLength)]
    [InlineData(SyncEventTable.Message, SyncEventTable.MessageMaxLength)]
    [InlineData(SyncEventTable.Changes, SyncEventTable.ChangesMaxLength)]
    [InlineData(SyncEventTable.OriginatingLeadId, SyncEventTable.IdMaxLength)]
    [InlineData(SyncEventTable.CorrelationId, SyncEventTable.IdMaxLength)]
    public void StagingTable_TextColumn_HasTheContractsMaxLength(string column, int maxLength)
    {
        var attribute = Attribute(SyncEventTable.LogicalName, column);

        Assert.Equal(maxLength, int.Parse(attribute.Element("MaxLength")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(column == SyncEventTable.Changes ? "ntext" : "nvarchar", attribute.Element("Type")!.Value);
    }

    [Fact]
    public void StagingTable_Definition_IsOrganizationOwnedWithContractNames()
    {
        var entity = EntityInfo(SyncEventTable.LogicalName);

        Assert.Equal("OrgOwned", entity.Element("OwnershipTypeMask")!.Value);
        Assert.Equal(SyncEventTable.EntitySetName, entity.Element("EntitySetName")!.Value);
        Assert.Equal("primarykey", Attribute(SyncEventTable.LogicalName, SyncEventTable.PrimaryIdAttribute).Element("Type")!.Value);
        Assert.Contains("PrimaryName", Attribute(SyncEventTable.LogicalName, SyncEventTable.Name).Element("DisplayMask")!.Value, StringComparison.Ordinal);
        Assert.Equal("datetime", Attribute(SyncEventTable.LogicalName, SyncEventTable.ChangedOn).Element("Type")!.Value);
    }

    [Fact]
    public void SyncResultTable_Definition_IsAnActivityWithContractOutcomes()
    {
        var entity = EntityInfo(SyncResultTable.LogicalName);
        Assert.Equal("1", entity.Element("IsActivity")!.Value);
        Assert.Equal(SyncResultTable.EntitySetName, entity.Element("EntitySetName")!.Value);

        var outcome = Attribute(SyncResultTable.LogicalName, SyncResultTable.Outcome);
        var options = outcome.Element("optionset")!.Element("options")!.Elements("option")
            .ToDictionary(option => (int)option.Attribute("value")!, option => option.Element("labels")!.Element("label")!.Attribute("description")!.Value);
        Assert.Equal("Rejected", options[SyncResultTable.OutcomeRejected]);
        Assert.Equal("Collision resolved", options[SyncResultTable.OutcomeCollisionResolved]);
        Assert.Equal("Created", options[SyncResultTable.OutcomeCreated]);
        Assert.Equal(3, options.Count);
        foreach (var column in new[] { SyncResultTable.Subject, SyncResultTable.Description, SyncResultTable.RegardingObjectId, SyncResultTable.Fields, SyncResultTable.MarketoId })
        {
            Assert.NotNull(Attribute(SyncResultTable.LogicalName, column));
        }
    }

    [Fact]
    public void SyncResultTable_ViewAndForm_ShowTheResultColumns()
    {
        var table = _solution.Entity(SyncResultTable.LogicalName);
        var view = Assert.Single(table.Element("SavedQueries")!.Element("savedqueries")!.Elements("savedquery"));
        Assert.Equal("Sync results", view.Element("LocalizedNames")!.Element("LocalizedName")!.Attribute("description")!.Value);
        Assert.Equal(SyncResultTable.LogicalName, (string?)view.Element("fetchxml")!.Element("fetch")!.Element("entity")!.Attribute("name"));
        var viewColumns = view.Element("layoutxml")!.Descendants("cell").Select(cell => (string)cell.Attribute("name")!).ToList();
        var formColumns = table.Element("FormXml")!.Descendants("control").Select(control => (string)control.Attribute("datafieldname")!).ToList();

        Assert.Contains(SyncResultTable.Outcome, viewColumns);
        Assert.Contains(SyncResultTable.RegardingObjectId, viewColumns);
        Assert.Equal("main", (string?)table.Element("FormXml")!.Element("forms")!.Attribute("type"));
        Assert.Superset(
            new HashSet<string>([SyncResultTable.Subject, SyncResultTable.Outcome, SyncResultTable.RegardingObjectId, SyncResultTable.Fields, SyncResultTable.MarketoId, SyncResultTable.Description]),
            formColumns.ToHashSet());
        Assert.Equal(6, formColumns.Count);
    }

    [Theory]
    [InlineData(SyncedEntities.Lead)]
    [InlineData(SyncedEntities.Contact)]
    public void SyncFilterColumn_OnSyncedTable_IsAYesNoDefaultingToYes(string table)
    {
        var attribute = Attribute(table, SyncFilter.AttributeName);

        Assert.Equal("bit", attribute.Element("Type")!.Value);
        Assert.Equal("1", attribute.Element("AppDefaultValue")!.Value);
        Assert.Single(_solution.Entity(table).Descendants("attribute"));
    }

    [Fact]
    public void SyncUserRole_Privileges_AreExactlyWhatTheAgentNeeds()
    {
        var role = Assert.Single(_solution.Customizations.Root!.Element("Roles")!.Elements("Role"));
        Assert.Equal("CrmSync Sync User", (string?)role.Attribute("name"));
        string[] expected =
        [
            "prvReadLead", "prvWriteLead", "prvCreateLead", "prvAppendLead", "prvAppendToLead",
            "prvReadContact", "prvWriteContact", "prvCreateContact", "prvAppendContact", "prvAppendToContact",
            "prvReadAccount", "prvReadOpportunity",
            "prvReadcrmsync_syncevent", "prvDeletecrmsync_syncevent",
            "prvCreatecrmsync_syncresult", "prvReadcrmsync_syncresult", "prvWritecrmsync_syncresult", "prvAppendcrmsync_syncresult",
            "prvReadUser", "prvReadRole", "prvReadSolution",
            "prvReadPluginAssembly", "prvReadPluginType", "prvReadSdkMessage", "prvReadSdkMessageFilter",
            "prvReadSdkMessageProcessingStep", "prvReadSdkMessageProcessingStepImage",
            "prvWriteSdkMessageProcessingStep", "prvWriteSdkMessageProcessingStepImage",
        ];
        var privileges = role.Element("RolePrivileges")!.Elements("RolePrivilege").ToList();

        Assert.Equal(expected.Order(), privileges.Select(p => (string)p.Attribute("name")!).Order());
        Assert.All(privileges, privilege => Assert.Equal("Global", (string?)privilege.Attribute("level")));
    }

    private XElement EntityInfo(string table) => _solution.Entity(table).Element("EntityInfo")!.Element("entity")!;

    private XElement Attribute(string table, string column) =>
        Assert.Single(EntityInfo(table).Element("attributes")!.Elements("attribute"), a => a.Element("LogicalName")!.Value == column);
}
