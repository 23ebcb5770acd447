namespace CrmSync.SolutionPackager;

/// <summary>What the packer needs to know about the plug-in DLL, read from its metadata.</summary>
/// <param name="Name">Simple assembly name.</param>
/// <param name="FullName">Display name: name, version, culture and public key token.</param>
/// <param name="TargetFramework">The <c>TargetFrameworkAttribute</c> value, e.g. <c>.NETFramework,Version=v4.6.2</c>.</param>
/// <param name="PluginTypes">Full names of the public, concrete classes that implement <c>Microsoft.Xrm.Sdk.IPlugin</c>.</param>
internal sealed record PluginAssemblyIdentity(
    string Name,
    string FullName,
    string? TargetFramework,
    IReadOnlySet<string> PluginTypes);
