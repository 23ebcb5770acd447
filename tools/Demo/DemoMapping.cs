using CrmSync.SyncAgent.Engine;

namespace CrmSync.Demo;

/// <summary>
/// The demo's field mapping: the default one, plus a choice that travels as its label (lead source) and a field
/// Dynamics owns (Person Status ← status reason, <c>toMarketo</c>), to show field types and directions (B14, B15).
/// </summary>
internal static class DemoMapping
{
    public static void Apply(Dictionary<string, string?> settings)
    {
        var fields = DefaultFieldMapping.Maps.GroupBy(m => (m.Marketo, m.Dynamics))
            .Select(g => (g.Key.Marketo, g.Key.Dynamics, Entities: g.Select(m => m.Entity.ToLogicalName()).ToArray(), Direction: "both"))
            .Append(("leadSource", "leadsourcecode", ["lead"], "both"))
            .Append(("leadStatus", "statuscode", ["lead"], "toMarketo"))
            .ToList();
        for (var i = 0; i < fields.Count; i++)
        {
            var (marketo, dynamics, entities, direction) = fields[i];
            settings[$"CrmSync:Sync:Fields:{i}:Marketo"] = marketo;
            settings[$"CrmSync:Sync:Fields:{i}:Dynamics"] = dynamics;
            settings[$"CrmSync:Sync:Fields:{i}:Direction"] = direction;
            for (var e = 0; e < entities.Length; e++)
            {
                settings[$"CrmSync:Sync:Fields:{i}:Entities:{e}"] = entities[e];
            }
        }
    }
}
