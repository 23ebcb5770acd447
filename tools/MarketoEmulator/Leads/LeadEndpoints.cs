using System.Globalization;
using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Leads;

/// <summary>
/// Get Leads by Filter Type, Get Lead by Id and Describe Lead
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads).
/// </summary>
internal sealed class LeadEndpoints(LeadStore store, MarketoLimitOptions limits, TimeProvider time)
{
    /// <summary>More matches than this answer 1003 "Too many results match the filter".</summary>
    public const int MaxFilterResults = 1000;

    private static readonly string[] DefaultFields = ["id", "email", "updatedAt", "createdAt", "firstName", "lastName"];

    public void Map(WebApplication app)
    {
        app.MapGet("/rest/v1/leads/describe.json", Describe);
        app.MapGet("/rest/v1/lead/{id}.json", GetById);
        app.MapGet("/rest/v1/leads.json", GetByFilter);
    }

    /// <summary>Resolves a <c>fields</c> parameter (default set when empty); 1006 for an unknown field.</summary>
    public (List<MarketoFieldDefinition>? Fields, MarketoReason? Error) ResolveFields(IReadOnlyList<string> names)
    {
        var fields = new List<MarketoFieldDefinition>();
        foreach (var name in names.Count > 0 ? names : DefaultFields)
        {
            if (!store.Schema.TryGetSlot(name, out var slot))
            {
                return (null, MarketoErrors.FieldNotFound(name));
            }

            fields.Add(store.Schema.Fields[slot]);
        }

        return (fields, null);
    }

    public JsonObject Render(LeadRecord record, IEnumerable<MarketoFieldDefinition> fields)
    {
        var json = new JsonObject { ["id"] = record.Id };
        foreach (var field in fields)
        {
            // A requested field that is absent is implied null (leads page), so nulls are left out.
            if (field.Name != "id" && store.ValueOf(record, field) is { } value)
            {
                json[field.Name] = Json.ToNode(value);
            }
        }

        return json;
    }

    private async Task GetByFilter(HttpContext ctx) => await GetByFilterAsync(ctx, await RestParams.Read(ctx));

    private Task Describe(HttpContext ctx)
    {
        var result = new JsonArray();
        foreach (var f in store.Schema.Fields)
        {
            var item = new JsonObject { ["id"] = f.Id, ["displayName"] = f.DisplayName, ["dataType"] = f.DataType };
            if (f.Length is { } length)
            {
                item["length"] = length;
            }

            item["rest"] = new JsonObject { ["name"] = f.Name, ["readOnly"] = f.ReadOnly };
            result.Add(item);
        }

        return Envelope.Success(ctx, time, result);
    }

    private async Task GetById(HttpContext ctx)
    {
        var p = await RestParams.Read(ctx);
        var (fields, error) = ResolveFields(p.List("fields"));
        if (error is { } e)
        {
            await Envelope.Error(ctx, time, e);
            return;
        }

        var result = new JsonArray();
        if (int.TryParse((string?)ctx.Request.RouteValues["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && store.Get(id) is { } record)
        {
            result.Add(Render(record, fields!));
        }

        await Envelope.Success(ctx, time, result);
    }

    /// <summary>Get Leads by Filter Type with already-read parameters (also reached by POST with _method=GET).</summary>
    public async Task GetByFilterAsync(HttpContext ctx, RestParams p)
    {
        var filterType = p.Get("filterType");
        var values = p.List("filterValues");
        var (batchSize, batchError) = p.BatchSize(limits.MaxBatchSize);
        var (fields, fieldsError) = ResolveFields(p.List("fields"));
        var offset = p.Get("nextPageToken") is { } token ? PagingToken.Decode('L', token) : 0;
        MarketoReason? error =
            string.IsNullOrEmpty(filterType) ? MarketoErrors.CannotBeBlank("filterType")
            : values.Count == 0 ? MarketoErrors.CannotBeBlank("filterValues")
            : values.Count > limits.MaxBatchSize ? MarketoErrors.InvalidData($"filterValues accepts at most {limits.MaxBatchSize} values")
            : !store.Schema.TryGetSlot(filterType, out var slot) ? MarketoErrors.FieldNotFound(filterType)
            : !store.Schema.IsSearchable(store.Schema.Fields[slot]) ? MarketoErrors.FieldNotSupported(filterType)
            : offset is null ? MarketoErrors.InvalidData("invalid nextPageToken")
            : batchError ?? fieldsError;
        if (error is { } e)
        {
            await Envelope.Error(ctx, time, e);
            return;
        }

        store.Schema.TryGetSlot(filterType!, out var filterSlot);
        var filterField = store.Schema.Fields[filterSlot];
        var keys = new List<object>();
        foreach (var v in values)
        {
            if (filterField.DataType != "integer")
            {
                keys.Add(v);
            }
            else if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                keys.Add(l);
            }
        }

        var matches = store.Find(filterField, keys, MaxFilterResults + 1);
        if (matches.Count > MaxFilterResults)
        {
            await Envelope.Error(ctx, time, new MarketoReason("1003", "Too many results match the filter"));
            return;
        }

        var start = (int)Math.Min(offset!.Value, matches.Count);
        var page = matches.Skip(start).Take(batchSize).ToList();
        var result = new JsonArray();
        page.ForEach(r => result.Add(Render(r, fields!)));
        var more = start + page.Count < matches.Count;
        await Envelope.Success(ctx, time, result, more ? PagingToken.Encode('L', start + page.Count) : null, more ? true : null);
    }
}
