using System;
using CrmSync.Plugins.Changes;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Events;

/// <summary>Builds the <c>crmsync_syncevent</c> staging row (DESIGN §2, <see cref="SyncEventTable"/>).</summary>
internal static class SyncEventRowBuilder
{
    /// <summary>The row's primary name: "&lt;message&gt; &lt;entity&gt; &lt;id&gt;", at most 100 characters.</summary>
    public static string Name(string message, string entityName, Guid recordId) =>
        Truncate(message + " " + entityName + " " + recordId.ToString("D"), SyncEventTable.NameMaxLength);

    /// <summary>
    /// The row to create for <paramref name="e"/>; <paramref name="rowName"/> is its <see cref="Name"/> and
    /// <paramref name="changesJson"/> comes from <see cref="ChangeJsonWriter"/>.
    /// </summary>
    public static Entity Build(PluginEvent e, string rowName, string changesJson, Guid? originatingLeadId)
    {
        var row = new Entity(SyncEventTable.LogicalName);
        row[SyncEventTable.Name] = rowName;
        row[SyncEventTable.Entity] = e.EntityName;
        row[SyncEventTable.RecordId] = e.RecordId.ToString("D");
        row[SyncEventTable.Message] = e.MessageName;
        row[SyncEventTable.Changes] = changesJson;
        row[SyncEventTable.ChangedOn] = AttributeValues.ToUtc(e.OperationCreatedOn);
        row[SyncEventTable.CorrelationId] = e.CorrelationId.ToString("D");
        if (originatingLeadId is Guid leadId)
        {
            row[SyncEventTable.OriginatingLeadId] = leadId.ToString("D");
        }

        return row;
    }

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : text.Substring(0, maxLength);
}
