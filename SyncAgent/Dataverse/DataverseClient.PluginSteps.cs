using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Dataverse.PluginSteps;

namespace CrmSync.SyncAgent.Dataverse;

/// <content>The CrmSync plug-in's registered steps.</content>
internal sealed partial class DataverseClient
{
    /// <summary>
    /// The <c>sdkmessageprocessingsteps</c> of plug-in types in the assembly <see cref="DataverseOptions.PluginAssemblyName"/>,
    /// with their message and table expanded.
    /// </summary>
    public async Task<IReadOnlyList<PluginStep>> GetPluginStepsAsync(CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString("plugintypeid/assemblyname eq " + ODataFilter.Literal(_options.PluginAssemblyName));
        var page = await GetJsonAsync(
            "sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name,configuration,filteringattributes,stage,mode,statecode"
            + "&$expand=sdkmessageid($select=name),sdkmessagefilterid($select=primaryobjecttypecode)"
            + "&$filter=" + filter,
            DataverseJsonContext.Default.ODataPagePluginStepDto,
            cancellationToken).ConfigureAwait(false);
        return [.. (page.Value ?? []).Select(s => new PluginStep(
            s.Id, s.Name, s.Message?.Name, s.Filter?.PrimaryObjectTypeCode, s.Configuration, s.FilteringAttributes, s.Stage, s.Mode, Enabled: s.StateCode is null or 0))];
    }

    /// <summary>
    /// Sets a step's unsecure <c>configuration</c> and <c>filteringattributes</c> (for <c>crmsync fields --apply</c>);
    /// <c>If-Match: *</c> so a step deleted meanwhile is not re-created.
    /// </summary>
    public async Task UpdatePluginStepAsync(Guid stepId, string configuration, IEnumerable<string> filteringAttributes, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["configuration"] = configuration,
            ["filteringattributes"] = string.Join(',', filteringAttributes.Select(ODataFilter.CheckName)),
        }.ToJsonString();
        var uri = _transport.Resolve($"sdkmessageprocessingsteps({stepId:D})");
        using var response = await _transport.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, uri)
                {
                    Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                return request;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
