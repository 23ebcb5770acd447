using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Activities;

/// <summary>
/// Custom activity types (get, create, add attributes, approve, describe) and Add Custom Activities
/// (Activities page, "Custom Activity Types" and "Add Custom Activities").
/// </summary>
internal sealed class CustomActivityEndpoints(CustomActivityTypes types, ActivityLog log, LeadStore leads, MarketoLimitOptions limits, TimeProvider time)
{
    public void Map(WebApplication app)
    {
        app.MapGet("/rest/v1/activities/external/types.json", GetTypes);
        app.MapPost("/rest/v1/activities/external/type.json", CreateType);
        app.MapGet("/rest/v1/activities/external/type/{apiName}/describe.json", Describe);
        app.MapPost("/rest/v1/activities/external/type/{apiName}/approve.json", Approve);
        app.MapPost("/rest/v1/activities/external/type/{apiName}/attributes/create.json", CreateAttributes);
        app.MapPost("/rest/v1/activities/external.json", AddActivities);
    }

    private Task GetTypes(HttpContext ctx) =>
        Envelope.Success(ctx, time, new JsonArray(types.All().Select(t => (JsonNode)Render(t, withAttributes: false)).ToArray()));

    private async Task CreateType(HttpContext ctx)
    {
        if (await Json.ReadBody(ctx) is not { ValueKind: JsonValueKind.Object } body)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidJson);
            return;
        }

        string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var primary = body.TryGetProperty("primaryAttribute", out var pa) && pa.ValueKind == JsonValueKind.Object ? pa : default;
        foreach (var required in new[] { "apiName", "name", "triggerName", "filterName" })
        {
            if (string.IsNullOrWhiteSpace(Text(body, required)))
            {
                await Envelope.Error(ctx, time, MarketoErrors.CannotBeBlank(required));
                return;
            }
        }

        if (primary.ValueKind != JsonValueKind.Object || string.IsNullOrWhiteSpace(Text(primary, "apiName")) || string.IsNullOrWhiteSpace(Text(primary, "name")))
        {
            await Envelope.Error(ctx, time, MarketoErrors.CannotBeBlank("primaryAttribute"));
            return;
        }

        var (type, error) = types.Create(Text(body, "apiName")!, Text(body, "name")!, Text(body, "description"), Text(body, "triggerName")!,
            Text(body, "filterName")!, new(Text(primary, "apiName")!, Text(primary, "name")!, Text(primary, "description"), Text(primary, "dataType") ?? "string"));
        await Answer(ctx, type, error);
    }

    private Task Describe(HttpContext ctx)
    {
        var type = types.Find((string)ctx.Request.RouteValues["apiName"]!);
        return type is null
            ? Envelope.Error(ctx, time, MarketoErrors.ObjectNotFound)
            : Envelope.Success(ctx, time, new JsonArray(Render(type, withAttributes: true, draft: ctx.Request.Query["draft"] == "true")));
    }

    private Task Approve(HttpContext ctx)
    {
        var (type, error) = types.Approve((string)ctx.Request.RouteValues["apiName"]!);
        return Answer(ctx, type, error);
    }

    private async Task CreateAttributes(HttpContext ctx)
    {
        if (await Json.ReadBody(ctx) is not { ValueKind: JsonValueKind.Object } body
            || !body.TryGetProperty("attributes", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidJson);
            return;
        }

        var attributes = new List<MarketoCustomActivityAttribute>();
        foreach (var a in list.EnumerateArray())
        {
            var apiName = a.TryGetProperty("apiName", out var n) ? n.GetString() : null;
            var name = a.TryGetProperty("name", out var dn) ? dn.GetString() : null;
            var dataType = a.TryGetProperty("dataType", out var dt) ? dt.GetString() : null;
            if (string.IsNullOrWhiteSpace(apiName) || string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(dataType))
            {
                await Envelope.Error(ctx, time, MarketoErrors.MissingValue(string.IsNullOrWhiteSpace(apiName) ? "apiName" : string.IsNullOrWhiteSpace(name) ? "name" : "dataType"));
                return;
            }

            attributes.Add(new(apiName, name, a.TryGetProperty("description", out var d) ? d.GetString() : null, dataType));
        }

        var (type, error) = types.AddAttributes((string)ctx.Request.RouteValues["apiName"]!, attributes);
        await Answer(ctx, type, error);
    }

    private async Task AddActivities(HttpContext ctx)
    {
        if (await Json.ReadBody(ctx) is not { ValueKind: JsonValueKind.Object } body)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidJson);
            return;
        }

        if (!body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            await Envelope.Error(ctx, time, MarketoErrors.CannotBeBlank("input"));
            return;
        }

        if (input.GetArrayLength() > limits.MaxBatchSize)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidData($"input accepts at most {limits.MaxBatchSize} records"));
            return;
        }

        var result = new JsonArray();
        foreach (var item in input.EnumerateArray())
        {
            var (activity, reason) = Add(item);
            result.Add(activity is not null
                ? new JsonObject { ["id"] = activity.Id, ["marketoGUID"] = activity.MarketoGuid, ["status"] = "added" }
                : new JsonObject { ["status"] = "skipped", ["errors"] = new JsonArray(Envelope.Reason(reason!.Value)) });
        }

        await Envelope.Success(ctx, time, result);
    }

    private (MarketoActivity? Activity, MarketoReason? Reason) Add(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return (null, MarketoErrors.InvalidData("each input record must be a JSON object"));
        }

        foreach (var required in new[] { "leadId", "activityDate", "activityTypeId", "primaryAttributeValue" })
        {
            if (!item.TryGetProperty(required, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return (null, MarketoErrors.MissingValue(required));
            }
        }

        var leadIdElement = item.GetProperty("leadId");
        var typeElement = item.GetProperty("activityTypeId");
        var dateText = item.GetProperty("activityDate").ToString();
        if (!leadIdElement.TryGetInt32(out var leadId))
        {
            return (null, MarketoErrors.InvalidValue(leadIdElement.ToString(), "integer"));
        }

        if (!typeElement.TryGetInt32(out var typeId))
        {
            return (null, MarketoErrors.InvalidValue(typeElement.ToString(), "integer"));
        }

        if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return (null, MarketoErrors.InvalidValue(dateText, "datetime"));
        }

        if (types.Find(typeId) is not { } type)
        {
            return (null, MarketoErrors.ObjectNotFound);
        }

        if (!type.IsApproved)
        {
            return (null, MarketoErrors.InvalidData($"activity type '{type.ApiName}' is not approved"));
        }

        if (leads.Get(leadId) is null)
        {
            return (null, MarketoErrors.LeadNotFound);
        }

        var attributes = new List<MarketoActivityAttribute>();
        if (item.TryGetProperty("attributes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in list.EnumerateArray())
            {
                var key = a.TryGetProperty("apiName", out var n) ? n.GetString() : a.TryGetProperty("name", out var dn) ? dn.GetString() : null;
                var definition = type.Attributes.FirstOrDefault(d => d.ApiName == key || d.Name == key);
                if (definition is null)
                {
                    return (null, MarketoErrors.FieldNotFound(key ?? string.Empty));
                }

                attributes.Add(new(definition.Name, a.TryGetProperty("value", out var v) ? Json.ToValue(v) : null, definition.ApiName));
            }
        }

        var now = time.GetUtcNow();
        return (log.Append(id => new MarketoActivity
        {
            Id = id, LeadId = leadId, ActivityDate = date, RecordedAt = now, ActivityTypeId = typeId,
            PrimaryAttributeValue = item.GetProperty("primaryAttributeValue").ToString(), Attributes = attributes,
        }), null);
    }

    private Task Answer(HttpContext ctx, MarketoCustomActivityType? type, MarketoReason? error) =>
        error is { } e ? Envelope.Error(ctx, time, e) : Envelope.Success(ctx, time, new JsonArray(Render(type!, withAttributes: true)));

    private static JsonObject Render(MarketoCustomActivityType t, bool withAttributes, bool draft = false)
    {
        static JsonObject Attribute(MarketoCustomActivityAttribute a) =>
            new() { ["apiName"] = a.ApiName, ["name"] = a.Name, ["description"] = a.Description, ["dataType"] = a.DataType };

        var json = new JsonObject
        {
            ["id"] = t.Id, ["apiName"] = t.ApiName, ["name"] = t.Name, ["description"] = t.Description,
            ["triggerName"] = t.TriggerName, ["filterName"] = t.FilterName,
            ["createdAt"] = FieldValues.FormatDate(t.CreatedAt), ["updatedAt"] = FieldValues.FormatDate(t.UpdatedAt),
            ["status"] = t.Status,
        };
        if (withAttributes)
        {
            json["primaryAttribute"] = Attribute(t.PrimaryAttribute);
            var attributes = draft || !t.IsApproved ? t.DraftAttributes : t.Attributes;
            json["attributes"] = new JsonArray(attributes.Select(a => (JsonNode)Attribute(a)).ToArray());
        }

        return json;
    }
}
