using System.Globalization;
using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Activities;

/// <summary>
/// Get Paging Token, Get Lead Changes, Get Lead Activities, Get Deleted Leads and Get Activity Types
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities,
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/paging-tokens).
/// </summary>
internal sealed class ActivityEndpoints(ActivityLog log, LeadSchema schema, CustomActivityTypes types, MarketoLimitOptions limits, TimeProvider time)
{
    /// <summary>Entries one call looks at; past it the page is short and moreResult is true, as the docs allow.</summary>
    public const int ScanLimit = 100_000;
    public const int MaxActivityTypeIds = 10;
    public const int MaxLeadIds = 30;

    public void Map(WebApplication app)
    {
        app.MapGet("/rest/v1/activities/pagingtoken.json", PagingTokenAsync);
        app.MapGet("/rest/v1/activities/leadchanges.json", LeadChanges);
        app.MapGet("/rest/v1/activities.json", Activities);
        app.MapGet("/rest/v1/activities/deletedleads.json", DeletedLeads);
        app.MapGet("/rest/v1/activities/types.json", Types);
    }

    private Task PagingTokenAsync(HttpContext ctx)
    {
        var since = ctx.Request.Query["sinceDatetime"].FirstOrDefault();
        if (string.IsNullOrEmpty(since))
        {
            return Envelope.Error(ctx, time, MarketoErrors.CannotBeBlank("sinceDatetime"));
        }

        if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return Envelope.Error(ctx, time, MarketoErrors.InvalidDateFormat(since));
        }

        return Envelope.Token(ctx, time, PagingToken.Encode('A', log.PositionAt(at)));
    }

    private async Task LeadChanges(HttpContext ctx)
    {
        var p = await RestParams.Read(ctx);
        var names = p.List("fields");
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!schema.TryGetSlot(name, out var slot))
            {
                await Envelope.Error(ctx, time, MarketoErrors.FieldNotFound(name));
                return;
            }

            wanted.Add(schema.Fields[slot].Name);
        }

        if (names.Count == 0)
        {
            await Envelope.Error(ctx, time, MarketoErrors.CannotBeBlank("fields"));
            return;
        }

        await Page(ctx, p, a => a.ActivityTypeId == MarketoActivity.NewLead
            || (a.ActivityTypeId == MarketoActivity.ChangeDataValue && wanted.Contains(a.Change!.Name)), ActivityJson.LeadChange);
    }

    private async Task Activities(HttpContext ctx)
    {
        var p = await RestParams.Read(ctx);
        var typeIds = p.Ints("activityTypeIds");
        if (typeIds is null || typeIds.Count > MaxActivityTypeIds)
        {
            await Envelope.Error(ctx, time, MarketoErrors.InvalidData($"activityTypeIds takes up to {MaxActivityTypeIds} integer ids"));
            return;
        }

        if (typeIds.Count == 0)
        {
            await Envelope.Error(ctx, time, MarketoErrors.CannotBeBlank("activityTypeIds"));
            return;
        }

        var set = typeIds.ToHashSet();
        await Page(ctx, p, a => set.Contains(a.ActivityTypeId), ActivityJson.Activity);
    }

    private async Task DeletedLeads(HttpContext ctx) =>
        await Page(ctx, await RestParams.Read(ctx), a => a.ActivityTypeId == MarketoActivity.DeleteLead, ActivityJson.Activity);

    private async Task Page(HttpContext ctx, RestParams p, Func<MarketoActivity, bool> match, Func<MarketoActivity, JsonObject> render)
    {
        var token = p.Get("nextPageToken");
        var position = PagingToken.Decode('A', token);
        var leadIds = p.Ints("leadIds");
        var (batchSize, batchError) = p.BatchSize(limits.MaxBatchSize);
        MarketoReason? error =
            string.IsNullOrEmpty(token) ? MarketoErrors.CannotBeBlank("nextPageToken")
            : position is null ? MarketoErrors.InvalidData("invalid nextPageToken")
            : leadIds is null || leadIds.Count > MaxLeadIds ? MarketoErrors.InvalidData($"leadIds takes up to {MaxLeadIds} integer ids")
            : batchError;
        if (error is { } e)
        {
            await Envelope.Error(ctx, time, e);
            return;
        }

        var leads = leadIds!.ToHashSet();
        var (items, next, more) = log.Read(position!.Value, a => (leads.Count == 0 || leads.Contains(a.LeadId)) && match(a), batchSize, ScanLimit);
        var result = new JsonArray();
        items.ForEach(a => result.Add(render(a)));
        await Envelope.Success(ctx, time, result, PagingToken.Encode('A', next), more);
    }

    private Task Types(HttpContext ctx)
    {
        var result = new JsonArray
        {
            Type(MarketoActivity.NewLead, "New Lead", "New person", "Lead ID", "integer", ["Source Type"]),
            Type(MarketoActivity.ChangeDataValue, "Change Data Value", "Changed attribute value for a person", "Attribute Name", "integer",
                ["New Value", "Old Value", "Reason", "Source"]),
            Type(MarketoActivity.MergeLeads, "Merge Leads", "Merge two or more persons into one", "Lead ID", "integer",
                ["Merge ids", "Merged in Sales", "Merge Source", "Master Updated"]),
            Type(MarketoActivity.DeleteLead, "Delete Lead", "Delete a person", "Lead ID", "integer", []),
        };
        foreach (var t in types.All().Where(t => t.IsApproved))
        {
            result.Add(Type(t.Id, t.Name, t.Description ?? string.Empty, t.PrimaryAttribute.Name, t.PrimaryAttribute.DataType,
                t.Attributes.Select(a => a.Name).ToArray()));
        }

        return Envelope.Success(ctx, time, result);
    }

    private static JsonObject Type(int id, string name, string description, string primary, string primaryType, string[] attributes) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
        ["primaryAttribute"] = new JsonObject { ["name"] = primary, ["dataType"] = primaryType },
        ["attributes"] = new JsonArray(attributes.Select(a => (JsonNode)new JsonObject { ["name"] = a, ["dataType"] = "string" }).ToArray()),
    };
}
