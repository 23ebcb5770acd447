using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Configuration;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>
/// The org/instance pairs of a configuration (DESIGN B21). <c>CrmSync:Pairs:&lt;name&gt;</c> holds a pair's
/// <c>Dataverse</c>, <c>Marketo</c>, <c>Sync</c> and <c>Webhook</c> sections; a pair's configuration is the whole
/// configuration with its sections laid over the top-level ones and <c>CrmSync:State:Pair</c> set to its name. Without
/// <c>Pairs</c> the top-level sections are the one pair <c>default</c>, so today's configuration keeps working.
/// </summary>
internal static class PairConfigurations
{
    /// <summary>The configuration section holding the pairs.</summary>
    public const string SectionName = "CrmSync:Pairs";

    /// <summary>The pair names, sorted as configuration sorts keys (<c>default</c> alone without <c>CrmSync:Pairs</c>).</summary>
    public static IReadOnlyList<string> Names(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var names = configuration.GetSection(SectionName).GetChildren().Select(c => c.Key).ToList();
        return names.Count == 0 ? [PairNames.Default] : names;
    }

    /// <summary>The configuration of pair <paramref name="pair"/>; an unknown or invalid name throws <see cref="ArgumentException"/> naming the pairs.</summary>
    public static IConfiguration For(IConfiguration configuration, string pair)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var names = Names(configuration);
        if (!names.Contains(pair, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown pair '{pair}'; the configured pairs are: {string.Join(", ", names)}.", nameof(pair));
        }

        if (!PairNames.IsValid(pair))
        {
            throw new ArgumentException($"{SectionName}:{pair}: a pair name is 1-40 of a-z, 0-9 and _.", nameof(pair));
        }

        var prefix = $"{SectionName}:{pair}:";
        var overlay = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["CrmSync:State:Pair"] = pair };
        foreach (var (key, value) in configuration.GetSection($"{SectionName}:{pair}").AsEnumerable())
        {
            if (value is not null && key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                overlay["CrmSync:" + key[prefix.Length..]] = value;
            }
        }

        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overlay).Build();
    }
}
