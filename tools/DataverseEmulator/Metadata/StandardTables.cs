using CrmSync.Staging;

namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>The tables an emulated organization has before any solution is imported.</summary>
internal static class StandardTables
{
    public static IEnumerable<TableDefinition> Create()
    {
        yield return new TableBuilder("lead", "leads", "fullname").Person(20)
            .Text("subject", 300).Text("companyname", 100).Choice("leadsourcecode", AttributeKind.Picklist, null, StandardChoices.LeadSource)
            .Choice("industrycode", AttributeKind.Picklist, null, StandardChoices.Industry)
            .Of("numberofemployees", AttributeKind.Integer).Of("revenue", AttributeKind.Money)
            .Lookup("parentcontactid", "contact").Lookup("parentaccountid", "account").Lookup("masterid", "lead").YesNo("merged", "No", "Yes")
            .System(states: StandardChoices.LeadState, reasons: StandardChoices.LeadStatus).Build();
        yield return new TableBuilder("contact", "contacts", "fullname").Person(50)
            .Lookup("originatingleadid", "lead").Customer("parentcustomerid").DateOnlyColumn("birthdate")
            .Lookup("masterid", "contact").YesNo("merged", "No", "Yes")
            .Choice("gendercode", AttributeKind.Picklist, null, (1, "Male"), (2, "Female"))
            .Choice("leadsourcecode", AttributeKind.Picklist, null, (1, "Default Value"))
            .Of("creditlimit", AttributeKind.Money)
            .Of("numberofchildren", AttributeKind.Integer).Of("exchangerate", AttributeKind.Decimal)
            .System(states: StandardChoices.ContactState, reasons: StandardChoices.ContactStatus).Build();
        // Accounts → Marketo companies (DESIGN B16): the columns of the default company mapping, with Dynamics' lengths.
        yield return new TableBuilder("account", "accounts", "name").Text("name", 160).Text("emailaddress1", 100)
            .Text("telephone1", 50).Text("websiteurl", 200)
            .Choice("industrycode", AttributeKind.Picklist, null, StandardChoices.Industry)
            .Of("numberofemployees", AttributeKind.Integer).Of("revenue", AttributeKind.Money)
            .Text("address1_line1", 250).Text("address1_city", 80).Text("address1_country", 80)
            .Lookup("parentaccountid", "account").Lookup("masterid", "account").YesNo("merged", "No", "Yes")
            .System(states: StandardChoices.AccountState, reasons: StandardChoices.AccountStatus).Build();
        // Opportunities → Marketo opportunities (DESIGN B16), as the opportunity table reference documents them: estimatedvalue
        // Money, estimatedclosedate a DateOnly date, stepname text, salesstage a choice, customerid a Customer lookup
        // (account or contact), statecode Open/Won/Lost with their status reasons.
        yield return new TableBuilder("opportunity", "opportunities", "name").Text("name", 300)
            .Of("estimatedvalue", AttributeKind.Money).DateOnlyColumn("estimatedclosedate").Text("stepname", 200)
            .Choice("salesstage", AttributeKind.Picklist, null, StandardChoices.SalesStage)
            .Customer("customerid").Lookup("parentcontactid", "contact").Lookup("parentaccountid", "account").Memo("description")
            .System(states: StandardChoices.OpportunityState, reasons: StandardChoices.OpportunityStatus).Build();
        yield return new TableBuilder("systemuser", "systemusers", "fullname").Text("fullname", 200, readOnly: true)
            .Text("firstname", 64).Text("lastname", 64).Text("domainname", 1024).Text("internalemailaddress", 100)
            .Of("applicationid", AttributeKind.Uniqueidentifier).Of("azureactivedirectoryobjectid", AttributeKind.Uniqueidentifier)
            .Of("isdisabled", AttributeKind.Boolean).System(userOwned: false, state: false).Build();
        yield return new TableBuilder("role", "roles", "name").Text("name", 100).System(userOwned: false, state: false).Build();
        yield return SyncEvent();
        yield return SyncResult();
        foreach (var table in SolutionTables())
        {
            yield return table;
        }
    }

    private static TableDefinition SyncEvent() =>
        new TableBuilder(SyncEventTable.LogicalName, SyncEventTable.EntitySetName, SyncEventTable.Name)
            .Text(SyncEventTable.Name, SyncEventTable.NameMaxLength)
            .Text(SyncEventTable.Entity, SyncEventTable.EntityMaxLength)
            .Text(SyncEventTable.RecordId, SyncEventTable.IdMaxLength)
            .Text(SyncEventTable.Message, SyncEventTable.MessageMaxLength)
            .Memo(SyncEventTable.Changes, SyncEventTable.ChangesMaxLength)
            .Of(SyncEventTable.ChangedOn, AttributeKind.DateTime)
            .Text(SyncEventTable.OriginatingLeadId, SyncEventTable.IdMaxLength)
            .Text(SyncEventTable.CorrelationId, SyncEventTable.IdMaxLength)
            .Text(SyncEventTable.SubordinateId, SyncEventTable.IdMaxLength)
            .System(userOwned: false).Build();

    private static TableDefinition SyncResult() =>
        new TableBuilder(SyncResultTable.LogicalName, SyncResultTable.EntitySetName, SyncResultTable.Subject, isActivity: true)
            .Text(SyncResultTable.Subject, 400).Memo(SyncResultTable.Description)
            .Lookup(SyncResultTable.RegardingObjectId, "lead", "contact")
            .Of(SyncResultTable.Outcome, AttributeKind.Picklist)
            .Text(SyncResultTable.Fields, 4000).Text(SyncResultTable.MarketoId, 100)
            .System().Build();

    /// <summary>The solution-aware system tables the emulator fills on import.</summary>
    private static IEnumerable<TableDefinition> SolutionTables()
    {
        yield return new TableBuilder("solution", "solutions", "friendlyname").Text("uniquename", 65).Text("friendlyname", 256)
            .Text("version", 256).Of("ismanaged", AttributeKind.Boolean).Of("installedon", AttributeKind.DateTime)
            .System(userOwned: false, state: false).Build();
        yield return new TableBuilder("pluginassembly", "pluginassemblies", "name").Text("name", 256).Text("version", 48)
            .Text("publickeytoken", 32).Text("culture", 32).Of("isolationmode", AttributeKind.Picklist)
            .System(userOwned: false, state: false).Build();
        yield return new TableBuilder("plugintype", "plugintypes", "name").Text("name", 256).Text("typename", 256)
            .Text("assemblyname", 100).Lookup("pluginassemblyid", "pluginassembly").System(userOwned: false, state: false).Build();
        yield return new TableBuilder("sdkmessage", "sdkmessages", "name").Text("name", 256).System(userOwned: false, state: false).Build();
        yield return new TableBuilder("sdkmessagefilter", "sdkmessagefilters", null).Text("primaryobjecttypecode", 128)
            .Lookup("sdkmessageid", "sdkmessage").System(userOwned: false, state: false).Build();
        yield return new TableBuilder("sdkmessageprocessingstep", "sdkmessageprocessingsteps", "name").Text("name", 256)
            .Memo("configuration", 1073741823).Memo("filteringattributes", 100000).Text("description", 256)
            .Of("stage", AttributeKind.Picklist).Of("mode", AttributeKind.Picklist).Of("rank", AttributeKind.Integer)
            .Of("supporteddeployment", AttributeKind.Picklist).Of("asyncautodelete", AttributeKind.Boolean)
            .Lookup("sdkmessageid", "sdkmessage").Lookup("sdkmessagefilterid", "sdkmessagefilter")
            .Lookup("plugintypeid", "plugintype").System(userOwned: false).Build();
        yield return new TableBuilder("sdkmessageprocessingstepimage", "sdkmessageprocessingstepimages", "name").Text("name", 256)
            .Text("entityalias", 256).Of("imagetype", AttributeKind.Picklist).Memo("attributes", 100000)
            .Text("messagepropertyname", 256).Lookup("sdkmessageprocessingstepid", "sdkmessageprocessingstep")
            .System(userOwned: false, state: false).Build();
    }
}
