using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Tests.Shipping;

namespace CrmSync.SyncAgent.Tests.Configuration;

/// <summary>Issue 12 item 6: the README and the code agree on what drifted apart once.</summary>
public sealed class ReadmeAgreementTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(ShippedFiles.RepoRoot, "README.md"));

    [Fact]
    public void PageSize_ReadmeRowAndCode_BothSay5000()
    {
        Assert.Contains("| `CrmSync:Dataverse:PageSize` | `5000` |", Readme, StringComparison.Ordinal);
        Assert.Equal(5000, new DataverseOptions().PageSize);
    }

    [Fact]
    public void Readme_RemovedSettingAndCommands_AreNotDocumented()
    {
        Assert.DoesNotContain("BackfillEmptyWindowsToStop", Readme, StringComparison.Ordinal);
        Assert.DoesNotContain("crmsync demo", Readme, StringComparison.Ordinal);
        Assert.DoesNotContain("crmsync solution pack", Readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_FirstCommand_RunsTheDemoProject()
    {
        var block = Readme[Readme.IndexOf("```sh", StringComparison.Ordinal)..];
        var first = block.Split('\n')[1];

        Assert.StartsWith("dotnet run --project tools/Demo ", first, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(ShippedFiles.RepoRoot, "tools", "Demo", "CrmSync.Demo.csproj")));
    }
}
