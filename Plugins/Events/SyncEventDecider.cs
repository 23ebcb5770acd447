using System;
using System.Collections.Generic;
using System.Globalization;
using CrmSync.Plugins.Changes;
using CrmSync.Plugins.Configuration;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Events;

/// <summary>
/// Decides, without Dynamics, whether an event is staged and builds its row (DESIGN §2): skips the sync
/// user's direct writes and records filtered out by the sync filter, and stages only mapped attributes
/// that changed. Stateless, so one instance serves every thread.
/// </summary>
internal sealed class SyncEventDecider
{
    private const int DirectCallDepth = 1;
    private readonly SyncConfiguration _configuration;

    public SyncEventDecider(SyncConfiguration configuration)
    {
        _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
    }

    public SyncDecision Decide(PluginEvent e)
    {
        var message = e.MessageName;
        if (message != SyncMessages.Create && message != SyncMessages.Update && message != SyncMessages.Delete && message != SyncMessages.Merge)
        {
            return SyncDecision.Skip("message " + message + " is not captured");
        }

        if (!_configuration.TryGetAttributes(e.EntityName, out var mapped))
        {
            return SyncDecision.Skip("entity " + e.EntityName + " is not in the configuration");
        }

        // The agent's own writes must not come back as changes (B9); automation reacting to them
        // runs deeper than 1 and is staged, so derived values still reach Marketo.
        if (e.InitiatingUserId == _configuration.SyncUserId && e.Depth <= DirectCallDepth)
        {
            return SyncDecision.Skip("direct write of the sync user");
        }

        if (e.RecordId == Guid.Empty)
        {
            return SyncDecision.Skip("the context carries no record id");
        }

        if (message == SyncMessages.Merge)
        {
            return Merged(e);
        }

        if (message != SyncMessages.Delete && e.Target is null)
        {
            return SyncDecision.Skip("the context carries no Target entity");
        }

        var notes = new List<string>();
        if (e.PreImage is null && message != SyncMessages.Create)
        {
            notes.Add("no " + PluginStep.PreImageAlias + " image registered: " + (message == SyncMessages.Update
                ? "changes cannot be compared, every mapped attribute in Target is staged"
                : "the sync filter cannot be read"));
        }

        var filter = SyncFilterReader.Evaluate(e.Target, e.PreImage);
        if (filter == SyncFilterState.Excluded)
        {
            return SyncDecision.Skip("sync filter " + SyncFilter.AttributeName + " is No", notes);
        }

        if (filter == SyncFilterState.TurnedOff)
        {
            return TurnedOff(e, notes);
        }

        var changes = DetectChanges(e, mapped, filter, out var originatingLeadId);
        foreach (var attribute in changes.Unsupported)
        {
            notes.Add("attribute " + attribute + " left out: its value type is not in the staging contract");
        }

        if (message == SyncMessages.Update && changes.Changes.Count == 0 && originatingLeadId is null)
        {
            return SyncDecision.Skip("no mapped attribute changed", notes);
        }

        var changesJson = FitStagingColumn(changes.Changes, notes);
        if (changesJson is null || (message == SyncMessages.Update && changes.Changes.Count == 0 && originatingLeadId is null))
        {
            // Creating the row would fail, and with it the user's save.
            return SyncDecision.Skip("the changes exceed the staging column's " +
                SyncEventTable.ChangesMaxLength.ToString(CultureInfo.InvariantCulture) + " characters", notes);
        }

        return Staged(e, changesJson, originatingLeadId,
            "with " + changes.Changes.Count.ToString(CultureInfo.InvariantCulture) + " attribute(s)" +
            (filter == SyncFilterState.TurnedOn ? " (sync filter turned on: whole record)" : string.Empty),
            notes);
    }

    /// <summary>
    /// A merge stages the master and the subordinate, whatever their sync filters: the agent decides from its links
    /// (DESIGN B17). The master's new values, if UpdateContent brought any, come as the master's own Update row.
    /// </summary>
    private static SyncDecision Merged(PluginEvent e)
    {
        if (e.SubordinateId is not Guid subordinate || subordinate == Guid.Empty)
        {
            return SyncDecision.Skip("the Merge context carries no SubordinateId");
        }

        var name = SyncEventRowBuilder.Name(e.MessageName, e.EntityName, e.RecordId);
        var row = SyncEventRowBuilder.Build(e, name, "{}", null);
        row[SyncEventTable.SubordinateId] = subordinate.ToString("D");
        return SyncDecision.Stage(row, name,
            "staged Merge " + e.EntityName + " " + subordinate.ToString("D") + " into " + e.RecordId.ToString("D"), new List<string>());
    }

    /// <summary>Stages the row for <paramref name="e"/>, traced as "staged &lt;message&gt; &lt;entity&gt; &lt;id&gt; &lt;detail&gt;".</summary>
    private static SyncDecision Staged(PluginEvent e, string changesJson, Guid? originatingLeadId, string detail, IReadOnlyList<string> notes)
    {
        var name = SyncEventRowBuilder.Name(e.MessageName, e.EntityName, e.RecordId);
        var row = SyncEventRowBuilder.Build(e, name, changesJson, originatingLeadId);
        return SyncDecision.Stage(row, name,
            "staged " + e.MessageName + " " + e.EntityName + " " + e.RecordId.ToString("D") + " " + detail, notes);
    }

    /// <summary>
    /// The changes as staging JSON, within the staging column's limit: while they do not fit, the attribute with the
    /// longest text value is left out (with a note), so one oversized note never keeps the record's other changes
    /// from syncing. Null when nothing can make them fit.
    /// </summary>
    private static string? FitStagingColumn(List<KeyValuePair<string, object?>> changes, List<string> notes)
    {
        var json = ChangeJsonWriter.Write(changes);
        while (json.Length > SyncEventTable.ChangesMaxLength)
        {
            var longest = -1;
            for (var i = 0; i < changes.Count; i++)
            {
                if (changes[i].Value is string text && (longest < 0 || text.Length > ((string)changes[longest].Value!).Length))
                {
                    longest = i;
                }
            }

            if (longest < 0)
            {
                return null;
            }

            notes.Add("attribute " + changes[longest].Key + " left out: its value (" +
                ((string)changes[longest].Value!).Length.ToString(CultureInfo.InvariantCulture) + " characters) does not fit the staging column's " +
                SyncEventTable.ChangesMaxLength.ToString(CultureInfo.InvariantCulture) + " characters");
            changes.RemoveAt(longest);
            json = ChangeJsonWriter.Write(changes);
        }

        return json;
    }

    /// <summary>
    /// The record leaves the sync (B11): the row carries only <c>crmsync_synctomarketo: false</c>, no values,
    /// so the agent unlinks the person and nothing of the record reaches Marketo any more.
    /// </summary>
    private static SyncDecision TurnedOff(PluginEvent e, IReadOnlyList<string> notes)
    {
        var flag = new ChangeSet();
        flag.Add(SyncFilter.AttributeName, false);
        return Staged(e, ChangeJsonWriter.Write(flag.Changes), null,
            "(sync filter turned off: only " + SyncFilter.AttributeName + ")", notes);
    }

    private static ChangeSet DetectChanges(PluginEvent e, IReadOnlyList<string> mapped, SyncFilterState filter, out Guid? originatingLeadId)
    {
        switch (e.MessageName)
        {
            case SyncMessages.Create:
                originatingLeadId = OriginatingLead(e.EntityName, e.Target, null);
                return ChangeDetector.ForCreate(mapped, e.Target!);
            case SyncMessages.Update when filter == SyncFilterState.TurnedOn:
                originatingLeadId = OriginatingLead(e.EntityName, e.Target, null)
                    ?? OriginatingLead(e.EntityName, e.PreImage, null);
                return ChangeDetector.WholeRecord(mapped, e.Target, e.PreImage);
            case SyncMessages.Update:
                originatingLeadId = OriginatingLead(e.EntityName, e.Target, e.PreImage);
                return ChangeDetector.ForUpdate(mapped, e.Target!, e.PreImage);
            default:
                originatingLeadId = null;
                return new ChangeSet();
        }
    }

    /// <summary>
    /// The lead a contact was qualified from (B10), when <paramref name="source"/> sets it (given a
    /// <paramref name="preImage"/>: to a new value).
    /// </summary>
    private static Guid? OriginatingLead(string entityName, Entity? source, Entity? preImage)
    {
        if (entityName != SyncedEntities.Contact || source is null ||
            !source.Attributes.TryGetValue(SyncedEntities.OriginatingLeadAttribute, out var value) ||
            value is not EntityReference lead ||
            lead.Id == Guid.Empty ||
            !string.Equals(lead.LogicalName, SyncedEntities.Lead, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (preImage is not null && preImage.Attributes.TryGetValue(SyncedEntities.OriginatingLeadAttribute, out var before) &&
            AttributeValues.AreEqual(lead, before))
        {
            return null;
        }

        return lead.Id;
    }
}
