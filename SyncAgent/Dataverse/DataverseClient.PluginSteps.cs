using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Dataverse.PluginSteps;

namespace CrmSync.SyncAgent.Dataverse;

/// <content>The CrmSync plug-in's registered steps.</content>
internal sealed partial class DataverseClient
{
    /// <summary>
    /// The <c>sdkmessageprocessingsteps</c> of plug-in types in the assembly <see cref="DataverseOptions.PluginAssemblyName"/>,
    /// with their message and table names. Plain queries on lookup values (<c>_plugintypeid_value</c>), no
    /// <c>$expand</c>: four small queries (each page followed), for a setup command.
    /// </summary>
    public async Task<IReadOnlyList<PluginStep>> GetPluginStepsAsync(CancellationToken cancellationToken)
    {
        var types = await GetAllAsync(
            "plugintypes?$select=plugintypeid&$filter=" + Uri.EscapeDataString("assemblyname eq " + ODataFilter.Literal(_options.PluginAssemblyName)),
            DataverseJsonContext.Default.ODataPagePluginTypeDto,
            cancellationToken).ConfigureAwait(false);
        var typeIds = types.Select(t => t.Id).ToList();
        if (typeIds.Count == 0)
        {
            return [];
        }

        var steps = await GetAllAsync(
            "sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name,configuration,filteringattributes,stage,mode,statecode,_sdkmessageid_value,_sdkmessagefilterid_value"
            + "&$filter=" + Uri.EscapeDataString(ODataFilter.AnyEquals("_plugintypeid_value", typeIds)),
            DataverseJsonContext.Default.ODataPagePluginStepDto,
            cancellationToken).ConfigureAwait(false);
        if (steps.Count == 0)
        {
            return [];
        }

        var messages = (await GetAllAsync(
            "sdkmessages?$select=sdkmessageid,name&$filter=" + Uri.EscapeDataString(ODataFilter.AnyEquals("sdkmessageid", steps.Select(s => s.MessageId).OfType<Guid>().Distinct())),
            DataverseJsonContext.Default.ODataPageSdkMessageDto,
            cancellationToken).ConfigureAwait(false)).ToDictionary(m => m.Id, m => m.Name);
        var filterIds = steps.Select(s => s.FilterId).OfType<Guid>().Distinct().ToList();
        var filters = filterIds.Count == 0 ? [] : (await GetAllAsync(
            "sdkmessagefilters?$select=sdkmessagefilterid,primaryobjecttypecode&$filter=" + Uri.EscapeDataString(ODataFilter.AnyEquals("sdkmessagefilterid", filterIds)),
            DataverseJsonContext.Default.ODataPageSdkMessageFilterDto,
            cancellationToken).ConfigureAwait(false)).ToDictionary(f => f.Id, f => f.PrimaryObjectTypeCode);

        return [.. steps.Select(s => new PluginStep(
            s.Id,
            s.Name,
            s.MessageId is { } m ? messages.GetValueOrDefault(m) : null,
            s.FilterId is { } f ? filters.GetValueOrDefault(f) : null,
            s.Configuration,
            s.FilteringAttributes,
            s.Stage,
            s.Mode,
            Enabled: s.StateCode is null or 0))];
    }

    /// <summary>
    /// Sets a step's unsecure <c>configuration</c> and <c>filteringattributes</c> (for <c>crmsync fields --apply</c>);
    /// <c>If-Match: *</c> so a step deleted meanwhile is not re-created.
    /// </summary>
    public async Task UpdatePluginStepAsync(Guid stepId, string configuration, IEnumerable<string> filteringAttributes, CancellationToken cancellationToken)
    {
        // Awaited, not returned: a bad attribute name fails the returned task, as every other fault does.
        var body = new JsonObject
        {
            ["configuration"] = configuration,
            ["filteringattributes"] = string.Join(',', filteringAttributes.Select(ODataFilter.CheckName)),
        };
        await PatchAsync($"sdkmessageprocessingsteps({stepId:D})", body, "If-Match", cancellationToken).ConfigureAwait(false);
    }
}
