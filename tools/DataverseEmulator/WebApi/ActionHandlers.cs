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
