using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Objects;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Opportunities;

/// <summary>
/// The Opportunities and Opportunity Roles APIs
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/opportunities and
/// .../opportunity-roles), the same calls under each object's path: Describe (<c>GET …/describe.json</c>), Get by
/// filter (<c>GET …json?filterType=&amp;filterValues=</c>, or POST with <c>_method=GET</c>), Sync (<c>POST …json</c>:
/// action createOnly/updateOnly/createOrUpdate, dedupeBy dedupeFields (default) or idField (<c>marketoGUID</c>),
/// ≤ 300 records) and Delete (<c>POST …/delete.json</c>: deleteBy dedupeFields/idField, ≤ 300 records). Errors at
/// HTTP 200; per record <c>seq</c>, <c>marketoGUID</c>, <c>status</c> and <c>reasons</c>. A role names a lead that
/// exists (else skipped 1004) and an opportunity that exists (else skipped 1013): an assumption, Adobe's roles page does
/// not say; the codes are the record-level "Lead not found" and "Object not found" of Adobe's Error Codes page.
/// </summary>
internal sealed class ObjectEndpoints(ObjectStore store, MarketoLimitOptions limits, TimeProvider time)
{
    private static readonly DateTimeOffset Described = new(2015, 2, 3, 22, 36, 23, TimeSpan.Zero);

    /// <summary>For roles: whether a lead id exists.</summary>
    public Func<long, bool>? LeadExists { get; init; }

    /// <summary>For roles: the opportunities, which a role's <c>externalOpportunityId</c> must name.</summary>
    public ObjectStore? Opportunities { get; init; }

    private LeadDatabaseObject Definition => store.Definition;

    public void Map(WebApplication app)
    {
        var path = "/rest/v1/" + Definition.Path;
        app.MapGet(path + "/describe.json", Describe);
        app.MapGet(path + ".json", async ctx => await QueryAsync(ctx, await RestParams.Read(ctx)));
        app.MapPost(path + ".json", Sync);
        app.MapPost(path + "/delete.json", Delete);
    }

    private Task Describe(HttpContext ctx)
    {
        var searchable = new JsonArray();
        foreach (var set in Definition.Searchable)
        {
            searchable.Add(new JsonArray([.. set.Select(n => (JsonNode)n)]));
        }

        return Envelope.Success(ctx, time, new JsonArray(new JsonObject
        {
            ["name"] = Definition.Name,
            ["displayName"] = Definition.DisplayName,
            ["createdAt"] = FieldValues.FormatDate(Described),
            ["updatedAt"] = FieldValues.FormatDate(Described.AddSeconds(1)),
            ["idField"] = LeadDatabaseObject.IdField,
            ["dedupeFields"] = new JsonArray([.. Definition.DedupeFields.Select(n => (JsonNode)n)]),
            ["searchableFields"] = searchable,
            ["fields"] = ObjectApi.DescribeFields(Definition.Fields),
        }));
    }

    private async Task QueryAsync(HttpContext ctx, RestParams p)
    {
        var filterType = p.Get("filterType");
        var values = p.List("filterValues");
        var (batchSize, batchError) = p.BatchSize(limits.MaxBatchSize);
        var fieldNames = p.List("fields");
        var unknown = fieldNames.FirstOrDefault(n => Definition.Find(n) is null);
        var offset = p.Get("nextPageToken") is { } token ? PagingToken.Decode('O', token) : 0;
        var error = ObjectApi.CheckQuery(
            filterType, values, Definition.Searchable.Any(s => s.Count == 1 && s[0] == filterType), unknown, offset, batchError, limits.MaxBatchSize);
        if (error is { } e)
        {
            await Envelope.Error(ctx, time, e);
            return;
        }

        // Without fields: the id field, the dedupe fields and the dates.
        IReadOnlyList<string> returned = fieldNames.Count > 0 ? fieldNames : [LeadDatabaseObject.IdField, .. Definition.DedupeFields, "createdAt", "updatedAt"];
        var matches = store.Find(filterType!, values);
        var start = (int)Math.Min(offset!.Value, matches.Count);
        var page = matches.Skip(start).Take(batchSize).ToList();
        var result = ObjectApi.Page(page, start, returned, ObjectStore.ValueOf);
        var more = start + page.Count < matches.Count;
        await Envelope.Success(ctx, time, result, more ? PagingToken.Encode('O', start + page.Count) : null, more ? true : null);
    }

    private async Task Sync(HttpContext ctx)
    {
        if (ctx.Request.Query["_method"] == "GET")
        {
            await QueryAsync(ctx, await RestParams.Read(ctx));
            return;
        }

        if (await Json.ReadBody(ctx) is not { ValueKind: JsonValueKind.Object } body)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidJson);
            return;
        }

        var action = ObjectApi.Text(body, "action") ?? "createOrUpdate";
        var dedupeBy = ObjectApi.Text(body, "dedupeBy") ?? "dedupeFields";
        if (ObjectApi.CheckWrite(body, action, dedupeBy, "dedupeBy", limits.MaxBatchSize) is { } error)
        {
            await Envelope.Error(ctx, time, error);
            return;
        }

        var byId = dedupeBy == "idField";
        var result = new JsonArray();
        var seq = 0;
        foreach (var record in body.GetProperty("input").EnumerateArray())
        {
            var (id, key, values, reason) = ParseRecord(record, byId);
            reason ??= byId ? null : References(key);
            var (status, guid, skip) = reason is null ? store.Sync(action, id, key, values) : ("skipped", null, reason);
            result.Add(Item(seq++, guid, status, skip));
        }

        await Envelope.Success(ctx, time, result);
    }

    private async Task Delete(HttpContext ctx)
    {
        if (await Json.ReadBody(ctx) is not { ValueKind: JsonValueKind.Object } body)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidJson);
            return;
        }

        var deleteBy = ObjectApi.Text(body, "deleteBy") ?? "dedupeFields";
        if (ObjectApi.CheckWrite(body, "createOrUpdate", deleteBy, "deleteBy", limits.MaxBatchSize) is { } error)
        {
            await Envelope.Error(ctx, time, error);
            return;
        }

        var byId = deleteBy == "idField";
        var result = new JsonArray();
        var seq = 0;
        foreach (var record in body.GetProperty("input").EnumerateArray())
        {
            var (id, key, reason) = ParseKey(record, byId);
            var deleted = reason is null ? store.Delete(id, key) : null;
            result.Add(deleted is { } d
                ? Item(seq++, d, "deleted", null)
                : Item(seq++, null, "skipped", reason ?? MarketoErrors.ObjectNotFound));
        }

        await Envelope.Success(ctx, time, result);
    }

    /// <summary>A role's lead and opportunity must exist.</summary>
    private MarketoReason? References(IReadOnlyDictionary<string, object?> key)
    {
        if (LeadExists is { } leadExists && key.GetValueOrDefault("leadId") is long leadId && !leadExists(leadId))
        {
            return MarketoErrors.LeadNotFound;
        }

        return Opportunities is { } opportunities && key.GetValueOrDefault("externalOpportunityId") is string external
            && opportunities.Find("externalOpportunityId", [external]).Count == 0
            ? MarketoErrors.ObjectNotFound
            : null;
    }

    private (Guid? Id, Dictionary<string, object?> Key, List<(string, object?)> Values, MarketoReason? Reason) ParseRecord(JsonElement record, bool byId)
    {
        var (id, key, reason) = ParseKey(record, byId);
        var values = new List<(string, object?)>();
        if (reason is not null)
        {
            return (id, key, values, reason);
        }

        reason = ObjectApi.ReadValues(
            record, name => name == LeadDatabaseObject.IdField || Definition.DedupeFields.Contains(name), Definition.Find, values);
        return (id, key, values, reason);
    }

    private (Guid? Id, Dictionary<string, object?> Key, MarketoReason? Reason) ParseKey(JsonElement record, bool byId)
    {
        var key = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (record.ValueKind != JsonValueKind.Object)
        {
            return (null, key, MarketoErrors.InvalidData("each input record must be a JSON object"));
        }

        if (byId)
        {
            return record.TryGetProperty(LeadDatabaseObject.IdField, out var idValue) && idValue.ValueKind == JsonValueKind.String
                && Guid.TryParse(idValue.GetString(), out var id)
                ? (id, key, null)
                : (null, key, MarketoErrors.MissingValue(LeadDatabaseObject.IdField));
        }

        foreach (var name in Definition.DedupeFields)
        {
            var field = Definition.Find(name)!;
            if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
                || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
            {
                return (null, key, MarketoErrors.MissingValue(name));
            }

            if (FieldValues.TryConvert(field with { ReadOnly = false }, value, out var converted) is { } invalid)
            {
                return (null, key, invalid);
            }

            key[name] = converted;
        }

        return (null, key, null);
    }

    private static JsonObject Item(int seq, Guid? id, string status, MarketoReason? reason) =>
        ObjectApi.Item(seq, LeadDatabaseObject.IdField, id is { } value ? value.ToString("D") : null, status, reason);
}
