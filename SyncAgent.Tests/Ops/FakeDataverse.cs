using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Tests.Dataverse;

namespace CrmSync.SyncAgent.Tests.Ops;

/// <summary>
/// A small in-memory Dataverse for the operator features, answering the documented Web API shapes
/// (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/): WhoAmI, attribute metadata and
/// RetrievePrincipalAttributePrivileges, create-only upserts (PATCH with If-None-Match: * → 412 when the row exists),
/// the staging count, solutions, roles and plug-in steps.
/// </summary>
internal sealed class FakeDataverse
{
    public static readonly Guid SyncUserId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static readonly string[] DefaultColumns =
    [
        "emailaddress1", "firstname", "lastname", "telephone1", "mobilephone", "jobtitle", "companyname",
        "address1_city", "address1_stateorprovince", "address1_postalcode", "address1_country", "crmsync_synctomarketo", "originatingleadid",
        "salutation", "middlename", "fax", "websiteurl", "address1_line1", "industrycode", "revenue", "numberofemployees", "leadsourcecode",
        "donotbulkemail", "donotphone", "statuscode",
    ];

    public FakeDataverse()
    {
        Handler = new FakeDataverseHandler { Responder = Respond };
    }

    public FakeDataverseHandler Handler { get; }

    /// <summary>Rows created, by "entityset(id)".</summary>
    public ConcurrentDictionary<string, JsonObject> Records { get; } = new();

    /// <summary>Secured columns (logical name → privileges the sync user holds: "read", "update", "create").</summary>
    public Dictionary<string, string[]> Secured { get; } = [];

    /// <summary>A body returned with 400 for every create (a validation rule), or null.</summary>
    public string? RejectCreatesWith { get; set; }

    /// <summary>Signalled while a create is in flight; the create waits for <see cref="ReleaseCreates"/> when set.</summary>
    public TaskCompletionSource? HoldCreates { get; set; }

    public TaskCompletionSource ReleaseCreates { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<string> Roles { get; } = ["CrmSync Sync User"];

    public string? SolutionVersion { get; set; } = "1.0.0.0";

    public int StagingCount { get; set; }

    public IEnumerable<RecordedRequest> Patches(string entitySet) =>
        Handler.Requests.Where(r => r.Method == HttpMethod.Patch && r.Uri.AbsolutePath.Contains("/" + entitySet + "(", StringComparison.Ordinal));

    private HttpResponseMessage Respond(RecordedRequest request)
    {
        var path = Uri.UnescapeDataString(request.Uri.AbsolutePath)[(request.Uri.AbsolutePath.IndexOf("/v9.2/", StringComparison.Ordinal) + 6)..];
        if (request.Method == HttpMethod.Patch && (path.StartsWith("leads(", StringComparison.Ordinal) || path.StartsWith("contacts(", StringComparison.Ordinal)))
        {
            return Create(path, request);
        }

        return path switch
        {
            "WhoAmI" => Json(new JsonObject { ["UserId"] = SyncUserId, ["BusinessUnitId"] = Guid.NewGuid(), ["OrganizationId"] = Guid.NewGuid() }),
            _ when path.EndsWith("/Attributes", StringComparison.Ordinal) => Json(Page(DefaultColumns.Select(Attribute))),
            _ when path.EndsWith("StringAttributeMetadata", StringComparison.Ordinal) => Json(Page(DefaultColumns.Select(c => new JsonObject { ["LogicalName"] = c, ["MaxLength"] = 100 }))),
            _ when path.EndsWith("MemoAttributeMetadata", StringComparison.Ordinal) => Json(Page([])),

            // Choice and date metadata (field types): no choice or date-only column among the default ones.
            _ when path.EndsWith("PicklistAttributeMetadata", StringComparison.Ordinal) || path.EndsWith("StatusAttributeMetadata", StringComparison.Ordinal)
                || path.EndsWith("StateAttributeMetadata", StringComparison.Ordinal) || path.EndsWith("DateTimeAttributeMetadata", StringComparison.Ordinal) => Json(Page([])),
            _ when path.EndsWith("RetrievePrincipalAttributePrivileges()", StringComparison.Ordinal) => Json(new JsonObject { ["AttributePrivileges"] = Privileges() }),
            "crmsync_syncevents" => Json(new JsonObject
            {
                ["@odata.count"] = StagingCount,
                ["value"] = StagingCount == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["crmsync_changedon"] = "2025-01-02T03:04:05Z" }),
            }),
            "solutions" => Json(Page(SolutionVersion is null ? [] : [new JsonObject { ["uniquename"] = "CrmSync", ["version"] = SolutionVersion, ["ismanaged"] = true }])),
            _ when path.EndsWith("/systemuserroles_association", StringComparison.Ordinal) => Json(Page(Roles.Select(r => new JsonObject { ["name"] = r }))),
            "sdkmessageprocessingsteps" => Json(Page([])),
            "sdkmessageprocessingstepimages" => Json(Page([])),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($"{{\"error\":{{\"code\":\"0x80060888\",\"message\":\"no route {path}\"}}}}") },
        };
    }

    private HttpResponseMessage Create(string path, RecordedRequest request)
    {
        if (request.Header("If-None-Match") != "*")
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }

        if (HoldCreates is { } hold)
        {
            hold.TrySetResult();
            ReleaseCreates.Task.Wait(TimeSpan.FromSeconds(10));
        }

        if (RejectCreatesWith is { } message)
        {
            return Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "0x80040265", ["message"] = message } }, HttpStatusCode.BadRequest);
        }

        var body = JsonNode.Parse(request.BodyText)!.AsObject();
        return Records.TryAdd(path, body)
            ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "0x80060892", ["message"] = "A record with matching key values already exists." } }, HttpStatusCode.PreconditionFailed);
    }

    private JsonObject Attribute(string name) => new()
    {
        ["MetadataId"] = MetadataId(name),
        ["LogicalName"] = name,
        ["AttributeType"] = name switch { "crmsync_synctomarketo" => "Boolean", "originatingleadid" => "Lookup", _ => "String" },
        ["IsSecured"] = Secured.ContainsKey(name),
        ["IsValidForCreate"] = true,
        ["IsValidForUpdate"] = true,
        ["IsValidForRead"] = true,
    };

    private JsonArray Privileges() => new([.. Secured.Select(s => (JsonNode)new JsonObject
    {
        ["AttributeId"] = MetadataId(s.Key),
        ["CanCreate"] = s.Value.Contains("create") ? 4 : 0,
        ["CanRead"] = s.Value.Contains("read") ? 4 : 0,
        ["CanUpdate"] = s.Value.Contains("update") ? 4 : 0,
    })]);

    private static Guid MetadataId(string name) => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    private static JsonObject Page(IEnumerable<JsonObject> rows) => new() { ["value"] = new JsonArray([.. rows]) };

    private static HttpResponseMessage Json(JsonNode body, HttpStatusCode status = HttpStatusCode.OK) => FakeDataverseHandler.Json(body.ToJsonString(), status);
}
