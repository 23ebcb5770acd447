namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>
/// A registered SdkMessageProcessingStep. Configuration, filtering attributes and enabled state are
/// read from its <c>sdkmessageprocessingstep</c> row, and its images from the <c>sdkmessageprocessingstepimage</c>
/// rows, at execution, so a PATCH through the Web API changes what the plug-in receives.
/// </summary>
internal sealed record PluginStep(
    Guid Id,
    string Name,
    string Message,
    string PrimaryEntity,
    int Stage,
    int Mode,
    int Rank,
    string PluginTypeName,
    Guid PluginAssemblyId);

/// <summary>An image registered on a step.</summary>
/// <param name="Alias">EntityAlias, the key in PreEntityImages/PostEntityImages.</param>
/// <param name="ImageType">0 pre-image, 1 post-image, 2 both.</param>
/// <param name="Attributes">Columns in the image; empty means all.</param>
internal sealed record PluginStepImage(string Alias, int ImageType, IReadOnlyList<string> Attributes);
