using System.Text.RegularExpressions;

namespace CrmSync.SyncAgent.Tests.Architecture;

/// <summary>
/// Namespaces point one way (STYLE "One decider", issue 12 item 4): Engine ← Cycle ← Hosting/Cli, the Engine depends
/// on nothing, State knows no HTTP. A source scan of SyncAgent/: every <c>using CrmSync.SyncAgent.X</c>, full name
/// <c>CrmSync.SyncAgent.X.</c>, and relative name <c>X.Type</c> where X is a folder area that declares Type.
/// </summary>
public sealed partial class NamespaceDependencyTests
{
    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph = new(Scan);

    [Fact]
    public void Engine_DependsOnNoOtherArea() => Assert.Empty(DependenciesOf("Engine"));

    [Fact]
    public void State_DependsOnlyOnEngine() => Assert.Equal(["Engine"], DependenciesOf("State"));

    [Theory]
    [InlineData("Setup")]
    [InlineData("Cli")]
    [InlineData("Hosting")]
    [InlineData("Http")]
    [InlineData("RealTime")]
    public void Cycle_DoesNotDependOnOuterArea(string outer) => Assert.DoesNotContain(outer, DependenciesOf("Cycle"));

    [Fact]
    public void Areas_HaveNoDependencyCycle()
    {
        var graph = Graph.Value;
        var cycles = new List<string>();
        foreach (var from in graph.Keys)
        {
            foreach (var to in Reachable(graph, from))
            {
                if (string.CompareOrdinal(from, to) < 0 && Reachable(graph, to).Contains(from))
                {
                    cycles.Add($"{from} <-> {to}");
                }
            }
        }

        Assert.Empty(cycles);
    }

    private static SortedSet<string> DependenciesOf(string area) =>
        new(Graph.Value.TryGetValue(area, out var to) ? to : [], StringComparer.Ordinal);

    private static HashSet<string> Reachable(Dictionary<string, HashSet<string>> graph, string from)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var to in graph.TryGetValue(next, out var edges) ? edges : [])
            {
                if (seen.Add(to))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return seen;
    }

    private static Dictionary<string, HashSet<string>> Scan()
    {
        var root = Path.Combine(RepositoryRoot(), "SyncAgent");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Text: File.ReadAllText(f), Area: (string?)null))
            .Select(f => f with { Area = NamespacePattern().Match(f.Text) is { Success: true } m ? m.Groups[1].Value : null })
            .Where(f => f.Area is { Length: > 0 })
            .ToList();

        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (text, area) in files)
        {
            var declared = types.TryGetValue(area!, out var set) ? set : types[area!] = [];
            declared.UnionWith(TypePattern().Matches(text).Select(m => m.Groups[1].Value));
        }

        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (text, area) in files)
        {
            var edges = graph.TryGetValue(area!, out var set) ? set : graph[area!] = [];
            edges.UnionWith(FullNamePattern().Matches(text).Select(m => m.Groups[1].Value));
            foreach (Match relative in RelativeNamePattern().Matches(text))
            {
                if (types.TryGetValue(relative.Groups[1].Value, out var declared) && declared.Contains(relative.Groups[2].Value))
                {
                    edges.Add(relative.Groups[1].Value);
                }
            }

            edges.Remove(area!);
        }

        return graph;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmSync.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CrmSync.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^namespace CrmSync\.SyncAgent\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+(\w+)")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"CrmSync\.SyncAgent\.(\w+)")]
    private static partial Regex FullNamePattern();

    [GeneratedRegex(@"(?<![\w.])(\w+)\.([A-Z]\w*)")]
    private static partial Regex RelativeNamePattern();
}
