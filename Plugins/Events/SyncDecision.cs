using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Events;

/// <summary>The outcome for one event: the staging row to write, or why nothing is staged.</summary>
internal sealed class SyncDecision
{
    private SyncDecision(Entity? row, string rowName, string reason, IReadOnlyList<string> notes)
    {
        Row = row;
        RowName = rowName;
        Reason = reason;
        Notes = notes;
    }

    /// <summary>The <c>crmsync_syncevent</c> row to create; null when the event is skipped.</summary>
    public Entity? Row { get; }

    /// <summary>The staged row's name ("&lt;message&gt; &lt;entity&gt; &lt;id&gt;"); empty when skipped.</summary>
    public string RowName { get; }

    /// <summary>Why the event is skipped, or what is staged; for the trace log.</summary>
    public string Reason { get; }

    /// <summary>Things worth tracing that did not stop the event (e.g. an attribute left out).</summary>
    public IReadOnlyList<string> Notes { get; }

    public static SyncDecision Skip(string reason, IReadOnlyList<string>? notes = null) =>
        new(null, string.Empty, reason, notes ?? System.Array.Empty<string>());

    public static SyncDecision Stage(Entity row, string rowName, string summary, IReadOnlyList<string> notes) =>
        new(row, rowName, summary, notes);
}
