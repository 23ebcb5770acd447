using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Objects;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Companies;

/// <summary>
/// The Companies API (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/companies):
/// Describe (<c>GET /rest/v1/companies/describe.json</c>), Get by filter (<c>GET /rest/v1/companies.json</c>, or POST
/// with <c>_method=GET</c>), Sync (<c>POST /rest/v1/companies.json</c>: action createOnly/updateOnly/createOrUpdate,
/// dedupeBy dedupeFields (default, <c>externalCompanyId</c>) or idField (<c>id</c>), ≤ 300 records) and Delete
/// (<c>POST /rest/v1/companies/delete.json</c>: deleteBy dedupeFields/idField, ≤ 300 records). Errors at HTTP 200;
/// per-record <c>seq</c>, <c>status</c> and <c>reasons</c>.
/// </summary>
internal sealed class CompanyEndpoints(CompanyStore store, MarketoLimitOptions limits, TimeProvider time)
{
    private static readonly DateTimeOffset Described = new(2015, 5, 11, 17, 11, 32, TimeSpan.Zero);

    public void Map(WebApplication app)
    {
        app.MapGet("/rest/v1/companies/describe.json", Describe);
        app.MapGet("/rest/v1/companies.json", async ctx => await QueryAsync(ctx, await RestParams.Read(ctx)));
        app.MapPost("/rest/v1/companies.json", Sync);
        app.MapPost("/rest/v1/companies/delete.json", Delete);
    }

    private Task Describe(HttpContext ctx)
    {
        var searchable = new JsonArray();
        foreach (var name in CompanyFields.Searchable)
        {
            searchable.Add(new JsonArray(name));
        }

        return Envelope.Success(ctx, time, new JsonArray(new JsonObject
        {
            ["name"] = "Company",
            ["description"] = "Company object",
            ["createdAt"] = FieldValues.FormatDate(Described),
            ["updatedAt"] = FieldValues.FormatDate(Described),
            ["idField"] = CompanyFields.Id,
            ["dedupeFields"] = new JsonArray(CompanyFields.ExternalCompanyId),
            ["searchableFields"] = searchable,
            ["fields"] = ObjectApi.DescribeFields(CompanyFields.All),
        }));
    }

    private async Task QueryAsync(HttpContext ctx, RestParams p)
    {
        var filterType = p.Get("filterType");
        var values = p.List("filterValues");
        var (batchSize, batchError) = p.BatchSize(limits.MaxBatchSize);
        var fieldNames = p.List("fields");
        var unknown = fieldNames.FirstOrDefault(n => CompanyFields.Find(n) is null);
        var offset = p.Get("nextPageToken") is { } token ? PagingToken.Decode('C', token) : 0;
        var error = ObjectApi.CheckQuery(
            filterType, values, CompanyFields.Searchable.Contains(filterType, StringComparer.Ordinal), unknown, offset, batchError, limits.MaxBatchSize);
        if (error is { } e)
        {
            await Envelope.Error(ctx, time, e);
            return;
        }

        // Without fields: the id field, the dedupe fields and the dates (companies page).
        IReadOnlyList<string> returned = fieldNames.Count > 0 ? fieldNames : [CompanyFields.Id, CompanyFields.ExternalCompanyId, "createdAt", "updatedAt"];
        var matches = store.Find(filterType!, values);
        var start = (int)Math.Min(offset!.Value, matches.Count);
        var page = matches.Skip(start).Take(batchSize).ToList();
        var result = ObjectApi.Page(page, start, returned, CompanyStore.ValueOf);
        var more = start + page.Count < matches.Count;
        await Envelope.Success(ctx, time, result, more ? PagingToken.Encode('C', start + page.Count) : null, more ? true : null);
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
            var (id, externalId, values, reason) = ParseRecord(record, byId);
            var (status, companyId, skip) = reason is null ? store.Sync(action, byId, id, externalId, values) : ("skipped", null, reason);
            result.Add(Item(seq++, companyId, status, skip));
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
            var (id, externalId, reason) = ParseKey(record, byId);
            var deleted = reason is null ? store.Delete(byId, id, externalId) : null;
            result.Add(deleted is { } d
                ? Item(seq++, d, "deleted", null)
                : Item(seq++, null, "skipped", reason ?? MarketoErrors.ObjectNotFound));
        }

        await Envelope.Success(ctx, time, result);
    }

    private static (int? Id, string? ExternalId, List<(string, object?)> Values, MarketoReason? Reason) ParseRecord(JsonElement record, bool byId)
    {
        var (id, externalId, reason) = ParseKey(record, byId);
        var values = new List<(string, object?)>();
        if (reason is not null)
        {
            return (id, externalId, values, reason);
        }

        reason = ObjectApi.ReadValues(record, name => name is CompanyFields.Id or CompanyFields.ExternalCompanyId, CompanyFields.Find, values);
        return (id, externalId, values, reason);
    }

    private static (int? Id, string? ExternalId, MarketoReason? Reason) ParseKey(JsonElement record, bool byId)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return (null, null, MarketoErrors.InvalidData("each input record must be a JSON object"));
        }

        if (byId)
        {
            return record.TryGetProperty(CompanyFields.Id, out var idValue) && idValue.TryGetInt32(out var id)
                ? (id, null, null)
                : (null, null, MarketoErrors.MissingValue(CompanyFields.Id));
        }

        if (!record.TryGetProperty(CompanyFields.ExternalCompanyId, out var external) || external.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(external.GetString()))
        {
            return (null, null, MarketoErrors.MissingValue(CompanyFields.ExternalCompanyId));
        }

        var text = external.GetString()!;
        return text.Length > 100
            ? (null, null, MarketoErrors.InvalidData($"{CompanyFields.ExternalCompanyId} is longer than 100 characters"))
            : (null, text, null);
    }

    private static JsonObject Item(int seq, int? id, string status, MarketoReason? reason) =>
        ObjectApi.Item(seq, CompanyFields.Id, id, status, reason);
}
