using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Storage;
using CrmSync.DataverseEmulator.WebApi;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>
/// The Merge message (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/merge; the SDK's
/// MergeRequest): the master (Target) takes UpdateContent, the subordinate is deactivated with <c>masterid</c> pointing at
/// the master and <c>merged</c> set, and the steps registered on Merge see Target (an EntityReference), SubordinateId,
/// UpdateContent and PerformParentingChecks. The master's update, the re-parenting of the subordinate's children and
/// the subordinate's deactivation run as nested operations (depth + 1), so Update steps see them as the platform's own
/// writes.
/// </summary>
/// <remarks>
/// Children follow the master: every lookup that names the subordinate (a contact's <c>parentcustomerid</c>, an
/// account's <c>parentaccountid</c>, a lead's <c>parentaccountid</c> …) is set to the master, because a relationship's
/// Merge cascade can only be Cascade or NoCascade (CascadeConfiguration.Merge) and Dynamics cascades it ("When you merge
/// a record any related or child records will also be merged": Microsoft's "Merge duplicate records for accounts,
/// contacts, or leads"). The re-parenting is an Update of each child, which runs the child's Update steps (as observed
/// and relied on by plug-ins on the cascaded lookup, e.g. Magnetism's "Maintaining Lookup References during Merge in
/// Dynamics 365", 2020). <c>masterid</c> itself and the master's own row are left alone.
/// </remarks>
internal sealed partial class OrganizationEngine
{
    /// <summary>The tables the Merge action supports (the reference page's entity list).</summary>
    public static readonly IReadOnlySet<string> MergeTables = new HashSet<string>(StringComparer.Ordinal) { "account", "contact", "lead", "incident" };

    public void Merge(OperationContext context, TableDefinition table, Guid targetId, Guid subordinateId,
        Dictionary<ColumnDefinition, object?> updateContent, bool performParentingChecks)
    {
        if (!MergeTables.Contains(table.LogicalName))
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, $"The Merge action does not support entity '{table.LogicalName}'.");
        }

        if (targetId == subordinateId)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, "The master and subordinate records must be different records.");
        }

        var data = Store.Table(table);
        var master = data.Find(targetId) ?? throw NotFound(table, targetId);
        var subordinate = data.Find(subordinateId) ?? throw NotFound(table, subordinateId);
        if (table.Find("statecode") is { } state && subordinate.Get(state.Ordinal) is int subordinateState && subordinateState != 0)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, $"The subordinate {table.LogicalName} {subordinateId} is inactive and cannot be merged.");
        }

        if (performParentingChecks && ParentColumn(table) is { } parent && !Equals(master.Get(parent.Ordinal), subordinate.Get(parent.Ordinal)))
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument,
                $"The parent of the master and the subordinate differ ({parent.LogicalName}); merge with PerformParentingChecks false to merge them anyway.");
        }

        if (context.EnforceSecurity)
        {
            WriteChecks.TablePrivilege(table, "Update", context.UserId);
        }

        var target = new EntityReference(table.LogicalName, targetId);
        var content = updateContent.Count > 0 ? Images.ToEntity(table, targetId, updateContent) : new Entity(table.LogicalName, targetId);
        void Inputs(ParameterCollection inputs)
        {
            inputs["SubordinateId"] = subordinateId;
            inputs["UpdateContent"] = content;
            inputs["PerformParentingChecks"] = performParentingChecks;
        }

        RunSteps(context, table, "Merge", 20, target, targetId, master, null, NoColumns, Inputs);
        if (updateContent.Count > 0)
        {
            Update(context.Nested(context.UserId, null, Now()), table, targetId, updateContent);
        }

        ReparentChildren(context, table, targetId, subordinateId);
        Update(context.Nested(context.UserId, null, Now()), table, subordinateId, Deactivation(table, targetId));
        RunSteps(context, table, "Merge", 40, target, targetId, master, data.Find(targetId), NoColumns, Inputs);
    }

    /// <summary>Points every lookup that names the subordinate at the master (see the remarks), one nested Update per child.</summary>
    private void ReparentChildren(OperationContext context, TableDefinition table, Guid masterId, Guid subordinateId)
    {
        var subordinate = new StoredReference(table.LogicalName, subordinateId);
        foreach (var child in Schema.Tables.ToList())
        {
            var lookups = child.Columns
                .Where(c => c.Targets.Contains(table.LogicalName, StringComparer.Ordinal) && c.LogicalName != "masterid" && c.IsValidForUpdate)
                .ToList();
            if (lookups.Count == 0)
            {
                continue;
            }

            var rows = Store.Table(child).Scan()
                .Where(r => !(child == table && (r.Id == masterId || r.Id == subordinateId)))
                .Select(r => (r.Id, Columns: lookups.Where(c => Equals(r.Get(c.Ordinal), subordinate)).ToList()))
                .Where(r => r.Columns.Count > 0)
                .ToList();
            foreach (var (id, columns) in rows)
            {
                var values = columns.ToDictionary(c => c, c => (object?)new StoredReference(table.LogicalName, masterId));
                Update(context.Nested(context.UserId, null, Now()), child, id, values);
            }
        }
    }

    /// <summary>Inactive (lead: Disqualified, Canceled), <c>masterid</c> → the master, <c>merged</c> = true.</summary>
    private static Dictionary<ColumnDefinition, object?> Deactivation(TableDefinition table, Guid masterId)
    {
        var values = new Dictionary<ColumnDefinition, object?>();
        var lead = table.LogicalName == "lead";
        if (table.Find("statecode") is { } state)
        {
            values[state] = lead ? 2 : 1;
        }

        if (table.Find("statuscode") is { } status)
        {
            values[status] = lead ? 7 : 2;
        }

        if (table.Find("masterid") is { } masterColumn)
        {
            values[masterColumn] = new StoredReference(table.LogicalName, masterId);
        }

        if (table.Find("merged") is { } merged)
        {
            values[merged] = true;
        }

        return values;
    }

    private static ColumnDefinition? ParentColumn(TableDefinition table) => table.LogicalName switch
    {
        "contact" => table.Find("parentcustomerid"),
        "lead" => table.Find("parentaccountid"),
        "account" => table.Find("parentaccountid"),
        _ => null,
    };
}
