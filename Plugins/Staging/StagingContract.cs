// The staging contract (DESIGN §2): one definition, compiled into the plug-in, the agent and the
// Dataverse emulator (linked source, because the plug-in may depend on nothing but Microsoft.Xrm.Sdk).
namespace CrmSync.Staging
{
    /// <summary>The <c>crmsync_syncevent</c> staging table written by the plug-in and drained by the agent.</summary>
    internal static class SyncEventTable
    {
        public const string LogicalName = "crmsync_syncevent";
        public const string EntitySetName = "crmsync_syncevents";
        public const string PrimaryIdAttribute = "crmsync_synceventid";

        /// <summary>"&lt;message&gt; &lt;entity&gt; &lt;id&gt;", string(100).</summary>
        public const string Name = "crmsync_name";

        /// <summary><c>lead</c>, <c>contact</c> or <c>account</c>, string(64).</summary>
        public const string Entity = "crmsync_entity";

        /// <summary>The record's id, string(36).</summary>
        public const string RecordId = "crmsync_recordid";

        /// <summary><c>Create</c>, <c>Update</c> or <c>Delete</c>, string(16).</summary>
        public const string Message = "crmsync_message";

        /// <summary>Memo: JSON object, attribute logical name → typed value (see <see cref="ChangeValueJson"/>).</summary>
        public const string Changes = "crmsync_changes";

        /// <summary>The context's OperationCreatedOn (UTC).</summary>
        public const string ChangedOn = "crmsync_changedon";

        /// <summary>For a contact created from a lead: the lead's id, string(36).</summary>
        public const string OriginatingLeadId = "crmsync_originatingleadid";

        /// <summary>The context's correlation id, string(36).</summary>
        public const string CorrelationId = "crmsync_correlationid";

        /// <summary>For a Merge: the subordinate record's id (the context's <c>SubordinateId</c>), string(36).</summary>
        public const string SubordinateId = "crmsync_subordinateid";

        /// <summary>
        /// The row version Dataverse assigns on every create and update (<c>versionnumber</c>, BigInt, on every table:
        /// the solution does not declare it). It is the order in which Dynamics wrote the staging rows, and so the order
        /// of the changes: the agent reads <c>$orderby=versionnumber asc</c> and the last row read wins (DESIGN B23).
        /// Neither <see cref="ChangedOn"/> nor the row id can order them: date/time values have whole-second
        /// precision, so two saves within one second tie, and ids are assigned in no particular order.
        /// </summary>
        public const string VersionNumber = "versionnumber";

        public const int NameMaxLength = 100;
        public const int EntityMaxLength = 64;
        public const int IdMaxLength = 36;
        public const int MessageMaxLength = 16;
        public const int ChangesMaxLength = 1048576;
    }

    /// <summary>The messages the plug-in stages.</summary>
    internal static class SyncMessages
    {
        public const string Create = "Create";
        public const string Update = "Update";
        public const string Delete = "Delete";

        /// <summary>
        /// A Dynamics merge (DESIGN B17): <see cref="SyncEventTable.RecordId"/> is the master (the message's Target),
        /// <see cref="SyncEventTable.SubordinateId"/> the record merged into it (deactivated, <c>masterid</c> set), and
        /// <see cref="SyncEventTable.Changes"/> is <c>{}</c>: the master's new values arrive as its own Update row.
        /// </summary>
        public const string Merge = "Merge";
    }

    /// <summary>
    /// The tables CrmSync syncs: lead and contact both ways (Marketo persons); account one way, to Marketo companies
    /// (DESIGN B16). An account row has the same columns as a lead or contact row: its changes are the mapped account
    /// columns, its record id is the account id (the company's <c>externalCompanyId</c> in Marketo), and it never has
    /// an originating lead. The sync filter column exists on lead and contact only; an account always syncs.
    /// </summary>
    internal static class SyncedEntities
    {
        public const string Lead = "lead";
        public const string Contact = "contact";
        public const string Account = "account";

        /// <summary>Opportunity: one way, to Marketo opportunities and opportunity roles (DESIGN B16), rows like an account's.</summary>
        public const string Opportunity = "opportunity";
        public const string LeadEntitySet = "leads";
        public const string ContactEntitySet = "contacts";
        public const string AccountEntitySet = "accounts";
        public const string OpportunityEntitySet = "opportunities";

        /// <summary>The contact column that holds the lead a contact was qualified from.</summary>
        public const string OriginatingLeadAttribute = "originatingleadid";
    }

    /// <summary>The sync filter column on lead and contact (DESIGN B11): empty or Yes syncs, No does not.</summary>
    internal static class SyncFilter
    {
        public const string AttributeName = "crmsync_synctomarketo";
    }

    /// <summary>
    /// Typed values in <see cref="SyncEventTable.Changes"/>: a string, number or bool is itself; a date is an
    /// ISO-8601 UTC string (<see cref="DateFormat"/>); a choice is <c>{"optionset":n}</c>; a multi-select choice is its
    /// values as one comma-separated string (<c>"1,3"</c>, as the Web API reads and writes it); a currency is
    /// <c>{"money":d}</c>; a lookup is <c>{"ref":{"entity":"..","id":".."}}</c>; a cleared value is null.
    /// </summary>
    /// <remarks>
    /// As the plug-in writes them (invariant culture): whole numbers (int, long) as integers; decimals as
    /// written, trailing zeros kept (<c>12.50</c>); doubles shortest round-trip, possibly with an exponent
    /// (<c>1.5E+300</c>), NaN/infinity as null; a uniqueidentifier as its "D" string; an empty string as null
    /// (Dataverse stores it so); ids lower-case "D" format. Keys keep the configured attribute order.
    /// </remarks>
    internal static class ChangeValueJson
    {
        public const string OptionSet = "optionset";
        public const string Money = "money";
        public const string Reference = "ref";
        public const string ReferenceEntity = "entity";
        public const string ReferenceId = "id";
        public const string DateFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    }

    /// <summary>
    /// The plug-in steps' registration (DESIGN §2): a PostOperation (40), synchronous step per entity ×
    /// message; Update and Delete steps carry a pre-image with alias <see cref="PreImageAlias"/>.
    /// </summary>
    internal static class PluginStep
    {
        public const string PluginTypeName = "CrmSync.Plugins.SyncEventPlugin";
        public const int Stage = 40;
        public const int ModeSynchronous = 0;
        public const string PreImageAlias = "PreImage";
        public const string TargetParameter = "Target";

        /// <summary>The Merge message's input parameter holding the subordinate record's id (MergeRequest.SubordinateId).</summary>
        public const string SubordinateIdParameter = "SubordinateId";

        /// <summary>
        /// The <c>sdkmessageid</c> of the platform's <c>Merge</c> message, which the solution's Merge steps name. Platform
        /// messages keep one id in every organization (which is why an exported step names its message by id alone), like
        /// Create 9ebdbb1b-…, Update 20bebb1b-… and Delete a1bdbb1b-… (suffix -ea3e-db11-86a7-000a3a5473e8).
        /// </summary>
        /// <remarks>
        /// Source: Microsoft Learn, "Use messages with the SDK for .NET", section "Table support for messages"
        /// (learn.microsoft.com/power-apps/developer/data-platform/org-service/use-messages; MicrosoftDocs/powerapps-docs,
        /// powerapps-docs/developer/data-platform/org-service/use-messages.md): its Web API answer for the account table's
        /// sdkmessagefilters lists Merge with sdkmessageid dbbdbb1b-ea3e-db11-86a7-000a3a5473e8, and Create, Update and
        /// Delete with the three ids above. An admin can read it in any organization with
        /// <c>GET sdkmessages?$filter=name eq 'Merge'&amp;$select=sdkmessageid</c>.
        /// </remarks>
        public const string MergeMessageId = "dbbdbb1b-ea3e-db11-86a7-000a3a5473e8";
    }

    /// <summary>
    /// The step's unsecure configuration JSON:
    /// <c>{"syncUserId":"&lt;guid&gt;","attributes":{"lead":["emailaddress1",...],"contact":[...],"account":[...]}}</c>;
    /// <c>account</c> is present only when the agent syncs accounts (an entity missing from it is not staged).
    /// </summary>
    internal static class PluginStepConfiguration
    {
        public const string SyncUserId = "syncUserId";
        public const string Attributes = "attributes";
    }

    /// <summary>The custom activity <c>crmsync_syncresult</c> the agent writes in Dynamics.</summary>
    internal static class SyncResultTable
    {
        public const string LogicalName = "crmsync_syncresult";
        public const string EntitySetName = "crmsync_syncresults";
        public const string PrimaryIdAttribute = "activityid";
        public const string Subject = "subject";
        public const string Description = "description";
        public const string RegardingObjectId = "regardingobjectid";
        public const string Outcome = "crmsync_outcome";
        public const string Fields = "crmsync_fields";
        public const string MarketoId = "crmsync_marketoid";

        public const int OutcomeRejected = 1;
        public const int OutcomeCollisionResolved = 2;
        public const int OutcomeCreated = 3;
    }
}
