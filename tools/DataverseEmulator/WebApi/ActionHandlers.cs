using System.Text.Json;
using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Pipeline;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Solutions;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>WhoAmI, RetrievePrincipalAttributePrivileges and ImportSolution.</summary>
internal sealed class ActionHandlers
{
    private const int Allowed = 4;
    private readonly EmulatorState _state;
    private readonly SolutionImporter _importer;

    public ActionHandlers(EmulatorState state, SolutionImporter importer)
    {
        _state = state;
        _importer = importer;
    }

    /// <summary>https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami</summary>
    public ApiResponse WhoAmI(ApiRequest request) => ApiResponse.Json(200, w =>
    {
        w.WriteString("@odata.context", _state.ServiceRoot + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
        w.WriteString("BusinessUnitId", BuiltInUsers.BusinessUnitId);
        w.WriteString("UserId", request.User.Id);
        w.WriteString("OrganizationId", BuiltInUsers.OrganizationId);
    });

    /// <summary>
    /// The principal's field permissions on every secured column (AttributePrivilege: AttributeId = the
    /// column's MetadataId, CanCreate/CanRead/CanUpdate 4 = allowed, 0 = not allowed).
    /// </summary>
    public ApiResponse RetrievePrincipalAttributePrivileges(TableDefinition table, Guid principalId)
    {
        lock (_state.Store.Gate)
        {
            _ = _state.Store.Table(table).Find(principalId) ?? throw OrganizationEngine.NotFound(table, principalId);
        }

        var secured = _state.Schema.Tables.SelectMany(t => t.Columns.Where(c => c.IsSecured).Select(c => (Table: t, Column: c))).ToList();
        return ApiResponse.Json(200, w =>
        {
            w.WriteString("@odata.context", _state.ServiceRoot + "$metadata#Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivilegesResponse");
            w.WriteStartArray("AttributePrivileges");
            foreach (var (t, c) in secured)
            {
                var grant = _state.Users.GrantFor(principalId, t.LogicalName, c.LogicalName);
                w.WriteStartObject();
                w.WriteString("AttributeId", c.MetadataId);
                w.WriteNumber("CanCreate", grant.CanCreate ? Allowed : 0);
                w.WriteNumber("CanRead", grant.CanRead ? Allowed : 0);
                w.WriteNumber("CanUpdate", grant.CanUpdate ? Allowed : 0);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>
    /// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/merge: Target and Subordinate are
    /// entity records of one type, each with <c>@odata.type</c> and its primary id; UpdateContent (optional) carries the
    /// values the master takes; PerformParentingChecks is required. Answers 204 No Content.
    /// </summary>
    public ApiResponse Merge(ApiRequest request, Storage.Transaction? ambient, Func<string, Uri> resolveReference)
    {
        using var document = ParseBody(request, "Merge");
        var root = document.RootElement;
        var (table, targetId) = Record(root, "Target");
        var (subordinateTable, subordinateId) = Record(root, "Subordinate");
        if (subordinateTable.LogicalName != table.LogicalName)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, "Target and Subordinate must be records of the same entity type.");
        }

        if (!root.TryGetProperty("PerformParentingChecks", out var checks) || checks.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, "The Merge action requires PerformParentingChecks (Edm.Boolean).");
        }

        var content = new Dictionary<ColumnDefinition, object?>();
        if (root.TryGetProperty("UpdateContent", out var update) && update.ValueKind == JsonValueKind.Object)
        {
            content = PayloadReader.Read(table, System.Text.Encoding.UTF8.GetBytes(update.GetRawText()), _state.Schema, _state.ServiceRoot, resolveReference);
            content.Remove(table.PrimaryId);
        }

        WebApiDispatcher.Write(_state.Engine, request, ambient, op =>
        {
            _state.Engine.Merge(op, table, targetId, subordinateId, content, checks.GetBoolean());
            return true;
        });
        return ApiResponse.NoContent();
    }

    private static JsonDocument ParseBody(ApiRequest request, string action)
    {
        try
        {
            var document = JsonDocument.Parse(request.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw new WebApiException(400, ErrorCodes.PayloadError, $"The {action} action requires a JSON object body.");
    }

    /// <summary>A crmbaseentity parameter: its table from <c>@odata.type</c> and its primary id.</summary>
    private (TableDefinition Table, Guid Id) Record(JsonElement root, string parameter)
    {
        if (!root.TryGetProperty(parameter, out var record) || record.ValueKind != JsonValueKind.Object)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, $"The Merge action requires {parameter}.");
        }

        const string Prefix = "Microsoft.Dynamics.CRM.";
        var type = record.TryGetProperty("@odata.type", out var t) ? t.GetString() : null;
        var table = type is not null && type.StartsWith(Prefix, StringComparison.Ordinal) ? _state.Schema.FindTable(type[Prefix.Length..]) : null;
        if (table is null)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, $"{parameter} needs an @odata.type of Microsoft.Dynamics.CRM.<entity> (got '{type}').");
        }

        if (!record.TryGetProperty(table.PrimaryId.LogicalName, out var id) || !id.TryGetGuid(out var guid))
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, $"{parameter} needs its primary id {table.PrimaryId.LogicalName}.");
        }

        return (table, guid);
    }

    /// <summary>https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/importsolution: CustomizationFile is the base64 zip.</summary>
    public ApiResponse ImportSolution(ApiRequest request)
    {
        byte[] zip;
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            zip = document.RootElement.GetProperty("CustomizationFile").GetBytesFromBase64();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new WebApiException(400, ErrorCodes.InvalidArgument, "ImportSolution requires CustomizationFile, the base64 content of a solution zip.");
        }

        _importer.Import(zip);
        return ApiResponse.NoContent();
    }
}
