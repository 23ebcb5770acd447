using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.Staging;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Dataverse.Operations;

namespace CrmSync.SyncAgent.Dataverse;

/// <content>What the operator commands need: backlog, solution, roles, step images, single creates.</content>
internal sealed partial class DataverseClient
{
    /// <summary>
    /// Pending staging rows in one request: <c>$count=true</c> counts the whole filter while <c>$top=1</c> with
    /// <c>$orderby=crmsync_changedon asc</c> returns the oldest row (Web API "Count number of rows").
    /// </summary>
    public async Task<StagingBacklog> GetStagingBacklogAsync(CancellationToken cancellationToken)
    {
        using var page = await GetDocumentAsync(
            $"{SyncEventTable.EntitySetName}?$select={SyncEventTable.ChangedOn}&$orderby={SyncEventTable.ChangedOn} asc&$top=1&$count=true",
            cancellationToken).ConfigureAwait(false);
        var root = page.RootElement;
        var count = root.TryGetProperty("@odata.count", out var c) && c.TryGetInt64(out var n) ? n : 0;
        var limited = root.TryGetProperty("@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded", out var l) && l.ValueKind == JsonValueKind.True;
        DateTimeOffset? oldest = null;
        foreach (var row in Rows(page))
        {
            if (row.TryGetProperty(SyncEventTable.ChangedOn, out var on) && on.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(on.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                oldest = parsed;
            }
        }

        return new StagingBacklog(count, limited, oldest);
    }

    /// <summary>The installed solution with <paramref name="uniqueName"/>, or null.</summary>
    public async Task<InstalledSolution?> GetSolutionAsync(string uniqueName, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString("uniquename eq " + ODataFilter.Literal(uniqueName));
        using var page = await GetDocumentAsync($"solutions?$select=uniquename,version,ismanaged&$filter={filter}", cancellationToken).ConfigureAwait(false);
        foreach (var row in Rows(page))
        {
            return new InstalledSolution(
                row.GetProperty("uniquename").GetString() ?? uniqueName,
                row.TryGetProperty("version", out var v) ? v.GetString() : null,
                row.TryGetProperty("ismanaged", out var m) && m.ValueKind == JsonValueKind.True);
        }

        return null;
    }

    /// <summary>The names of the security roles assigned to user <paramref name="userId"/> (<c>systemuserroles_association</c>).</summary>
    public async Task<IReadOnlyList<string>> GetUserRoleNamesAsync(Guid userId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var page in ReadPagesAsync($"systemusers({userId:D})/systemuserroles_association?$select=name", cancellationToken).ConfigureAwait(false))
        {
            names.AddRange(Rows(page).Select(r => r.TryGetProperty("name", out var n) ? n.GetString() : null).OfType<string>());
        }

        return names;
    }

    /// <summary>The images of the given steps.</summary>
    public async Task<IReadOnlyList<PluginStepImage>> GetPluginStepImagesAsync(IEnumerable<Guid> stepIds, CancellationToken cancellationToken)
    {
        var ids = stepIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var filter = Uri.EscapeDataString(ODataFilter.AnyEquals("_sdkmessageprocessingstepid_value", ids));
        var images = new List<PluginStepImage>();
        await foreach (var page in ReadPagesAsync(
            $"sdkmessageprocessingstepimages?$select=sdkmessageprocessingstepimageid,entityalias,attributes,_sdkmessageprocessingstepid_value&$filter={filter}",
            cancellationToken).ConfigureAwait(false))
        {
            images.AddRange(Rows(page).Select(r => new PluginStepImage(
                r.GetProperty("sdkmessageprocessingstepimageid").GetGuid(),
                r.TryGetProperty("_sdkmessageprocessingstepid_value", out var s) && s.TryGetGuid(out var step) ? step : Guid.Empty,
                r.TryGetProperty("entityalias", out var a) ? a.GetString() : null,
                r.TryGetProperty("attributes", out var at) ? at.GetString() : null)));
        }

        return images;
    }

    /// <summary>Sets the columns a step image carries (<c>If-Match: *</c>: never re-creates a deleted image).</summary>
    public Task UpdatePluginStepImageAsync(Guid imageId, IEnumerable<string> attributes, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["attributes"] = string.Join(',', attributes.Select(ODataFilter.CheckName)) };
        return PatchAsync($"sdkmessageprocessingstepimages({imageId:D})", body, "If-Match", cancellationToken);
    }

    /// <summary>
    /// Creates <paramref name="entity"/> <paramref name="id"/> unless it exists: <c>PATCH set(id)</c> with
    /// <c>If-None-Match: *</c> ("Prevent update in upsert"); 412 means a record with that id is already there and
    /// nothing was changed. Other errors throw <see cref="DataverseException"/>.
    /// </summary>
    public async Task<CreateOutcome> CreateIfAbsentAsync(string entity, Guid id, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            await PatchAsync($"{EntityNames.EntitySet(entity)}({id:D})", body, "If-None-Match", cancellationToken).ConfigureAwait(false);
            return CreateOutcome.Created;
        }
        catch (DataverseException ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return CreateOutcome.AlreadyExists;
        }
    }

    private async Task PatchAsync(string relative, JsonObject body, string preconditionHeader, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        var uri = _transport.Resolve(relative);
        using var response = await _transport.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation(preconditionHeader, "*");
                return request;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private Task<JsonDocument> GetDocumentAsync(string relative, CancellationToken cancellationToken) =>
        GetDocumentAsync(_transport.Resolve(relative), maxPageSize: null, cancellationToken);

    private async Task<JsonDocument> GetDocumentAsync(Uri uri, int? maxPageSize, CancellationToken cancellationToken, bool lookupTables = false)
    {
        using var response = await GetAsync(uri, maxPageSize, cancellationToken, lookupTables).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
