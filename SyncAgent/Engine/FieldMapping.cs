namespace CrmSync.SyncAgent.Engine;

/// <summary>The compiled field mapping: lookups by Marketo field and Dynamics attribute per entity.</summary>
internal sealed class FieldMapping
{
    private readonly FieldMap[][] byEntity;
    private readonly Dictionary<string, FieldMap>[] byMarketo;
    private readonly Dictionary<string, FieldMap>[] byDynamics;

    /// <summary>Compiles <paramref name="maps"/>; a duplicate Marketo field or Dynamics attribute for one entity throws.</summary>
    public FieldMapping(IEnumerable<FieldMap> maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var lists = new[] { new List<FieldMap>(), new List<FieldMap>() };
        byMarketo = [new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase)];
        byDynamics = [new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase)];
        foreach (var map in maps)
        {
            var index = (int)map.Entity;
            var indexed = map with { Index = lists[index].Count };
            if (!byMarketo[index].TryAdd(map.Marketo, indexed) || !byDynamics[index].TryAdd(map.Dynamics, indexed))
            {
                throw new ArgumentException(
                    $"Duplicate mapping for {map.Entity.ToLogicalName()}: {map.Marketo} ↔ {map.Dynamics}.", nameof(maps));
            }

            lists[index].Add(indexed);
        }

        byEntity = [[.. lists[0]], [.. lists[1]]];
        MarketoFields = [.. byMarketo[0].Keys.Union(byMarketo[1].Keys, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The most fields mapped for one entity (the size of per-field slot arrays).</summary>
    public int MaxFieldsPerEntity => Math.Max(byEntity[0].Length, byEntity[1].Length);

    /// <summary>Every mapped Marketo field, over both entities (for <c>leadchanges.json</c> and reads).</summary>
    public IReadOnlyList<string> MarketoFields { get; }

    /// <summary>The fields mapped for <paramref name="entity"/>.</summary>
    public IReadOnlyList<FieldMap> For(SyncEntity entity) => byEntity[(int)entity];

    /// <summary>The Dynamics attributes mapped for <paramref name="entity"/> (for <c>$select</c> and plug-in steps).</summary>
    public IReadOnlyList<string> DynamicsAttributes(SyncEntity entity) => [.. byEntity[(int)entity].Select(m => m.Dynamics)];

    /// <summary>Finds the mapping of a Dynamics attribute.</summary>
    public bool TryGetByDynamics(SyncEntity entity, string attribute, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FieldMap? map) =>
        byDynamics[(int)entity].TryGetValue(attribute, out map);

    /// <summary>Finds the mapping of a Marketo field.</summary>
    public bool TryGetByMarketo(SyncEntity entity, string marketoField, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FieldMap? map) =>
        byMarketo[(int)entity].TryGetValue(marketoField, out map);

    /// <summary>The e-mail mapping of <paramref name="entity"/> (the match key for create-or-update), if mapped.</summary>
    public FieldMap? EmailFor(SyncEntity entity)
    {
        foreach (var map in byEntity[(int)entity])
        {
            if (map.Kind == FieldKind.Email)
            {
                return map;
            }
        }

        return null;
    }
}
