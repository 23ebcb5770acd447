using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Leads;

/// <summary>
/// Sync Leads, <c>POST /rest/v1/leads.json</c>: action createOnly/updateOnly/createOrUpdate (default)/
/// createDuplicate, lookupField (default email), up to 300 input records, per-record status and reasons
/// (leads page, "Create and Update"; error codes page, record-level codes).
/// </summary>
internal sealed class SyncLeadsEndpoint(LeadStore store, LeadEndpoints reads, MarketoLimitOptions limits, TimeProvider time)
{
    private static readonly string[] Actions = ["createOnly", "updateOnly", "createOrUpdate", "createDuplicate"];

    public void Map(WebApplication app) => app.MapPost("/rest/v1/leads.json", Handle);

    /// <summary>Validates one input record into a <see cref="LeadInput"/>, or returns the skip reason.</summary>
    public static MarketoReason? Parse(LeadSchema schema, IEnumerable<KeyValuePair<string, JsonElement>> properties, bool allowId, LeadInput input)
    {
        foreach (var (name, value) in properties)
        {
            if (!schema.TryGetSlot(name, out var slot))
            {
                return MarketoErrors.FieldNotFound(name);
            }

            var field = schema.Fields[slot];
            if (field.Name == "id")
            {
                if (!allowId)
                {
                    return MarketoErrors.InvalidData("'id' can only be submitted with action updateOnly");
                }

                if (!value.TryGetInt32(out var id) && !int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out id))
                {
                    return MarketoErrors.InvalidValue(value.ToString(), "integer");
                }

                input.Id = id;
                continue;
            }

            if (field.ReadOnly)
            {
                return MarketoErrors.InvalidData($"field '{field.Name}' is read-only");
            }

            if (FieldValues.TryConvert(field, value, out var converted) is { } reason)
            {
                return reason;
            }

            input.Values.Add(new(slot, converted));
        }

        return null;
    }

    private async Task Handle(HttpContext ctx)
    {
        var p = await RestParams.Read(ctx);
        if (ctx.Request.Query["_method"] == "GET")
        {
            // POST with _method=GET is Get Leads by Filter Type with the query in the body.
            await reads.GetByFilterAsync(ctx, p);
            return;
        }

        if (await Json.ReadBody(ctx) is not { ValueKind: JsonValueKind.Object } body)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidJson);
            return;
        }

        var action = body.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "createOrUpdate";
        var lookupName = body.TryGetProperty("lookupField", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "email";
        var hasInput = body.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0;
        MarketoReason? error =
            !Actions.Contains(action) ? MarketoErrors.InvalidData($"action must be one of {string.Join(", ", Actions)}")
            : !store.Schema.TryGetSlot(lookupName, out var slot) ? MarketoErrors.FieldNotFound(lookupName)
            : !store.Schema.IsSearchable(store.Schema.Fields[slot]) ? MarketoErrors.FieldNotSupported(lookupName)
            : !hasInput ? MarketoErrors.CannotBeBlank("input")
            : input.GetArrayLength() > limits.MaxBatchSize ? MarketoErrors.InvalidData($"input accepts at most {limits.MaxBatchSize} records")
            : null;
        if (error is { } e)
        {
            await Envelope.Error(ctx, time, e);
            return;
        }

        store.Schema.TryGetSlot(lookupName, out var lookupSlot);
        var lookup = store.Schema.Fields[lookupSlot];
        var result = new JsonArray();
        foreach (var record in input.EnumerateArray())
        {
            var lead = new LeadInput();
            var outcome = record.ValueKind != JsonValueKind.Object
                ? LeadWriteOutcome.Skipped(MarketoErrors.InvalidData("each input record must be a JSON object"))
                : Parse(store.Schema, record.EnumerateObject().Select(pr => KeyValuePair.Create(pr.Name, pr.Value)), action == "updateOnly", lead) is { } reason
                    ? LeadWriteOutcome.Skipped(reason)
                    : store.Write(action, lookup, lead, ChangeSource.WebServiceApi);
            var item = new JsonObject();
            if (outcome.Id is { } id)
            {
                item["id"] = id;
            }

            item["status"] = outcome.Status;
            if (outcome.Reason is { } r)
            {
                item["reasons"] = new JsonArray(Envelope.Reason(r));
            }

            result.Add(item);
        }

        await Envelope.Success(ctx, time, result);
    }
}
