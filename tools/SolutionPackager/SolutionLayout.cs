namespace CrmSync.SolutionPackager;

/// <summary>File names of the unpacked source and of the packed zip.</summary>
public static class SolutionLayout
{
    /// <summary>The package content types, the same name in the source folder and in the zip.</summary>
    public const string ContentTypes = "[Content_Types].xml";

    /// <summary>The solution manifest in the source folder.</summary>
    public const string SourceSolution = "Other/Solution.xml";

    /// <summary>The customizations in the source folder.</summary>
    public const string SourceCustomizations = "Other/Customizations.xml";

    /// <summary>The solution manifest entry in the zip.</summary>
    public const string Solution = "solution.xml";

    /// <summary>The customizations entry in the zip.</summary>
    public const string Customizations = "customizations.xml";

    /// <summary>The zip folder that holds plug-in assemblies.</summary>
    public const string PluginAssembliesFolder = "PluginAssemblies";

    /// <summary>The zip's file name for a solution: <c>&lt;UniqueName&gt;_&lt;Version&gt;_managed.zip</c>.</summary>
    public static string ManagedFileName(string uniqueName, string version) => $"{uniqueName}_{version}_managed.zip";
}
