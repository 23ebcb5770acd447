using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Pipeline;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Reading a collection-valued navigation property of one record: <c>systemusers(id)/systemuserroles_association</c>,
/// the security roles assigned to a user
/// (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api).
/// A user's roles are the role rows whose name is one of its <see cref="Security.EmulatorUser.Roles"/>: a role the
/// organization does not have (e.g. one a solution brings, before the import) is not assigned.
/// </summary>
internal sealed class RelationshipHandlers(EmulatorState state)
{
    public ApiResponse RolesOfUser(Guid userId, ODataUriParser parser, ApiRequest request)
    {
        var users = state.Schema.GetTable("systemuser");
        var roles = state.Schema.GetTable("role");
        var selected = Selection.Columns(roles, parser.ParseSelectAndExpand());
        var names = new HashSet<string>(state.Users.Find(userId)?.Roles ?? [], StringComparer.OrdinalIgnoreCase);
        List<Row> rows;
        lock (state.Store.Gate)
        {
            _ = state.Store.Table(users).Find(userId) ?? throw OrganizationEngine.NotFound(users, userId);
            var name = roles.Find("name")!.Ordinal;
            rows = [.. state.Store.Table(roles).Scan().Where(r => r.Get(name) is string n && names.Contains(n))];
        }

        state.Counters.Query();
        var json = new RecordJson(roles, selected, request.User.Id, state.Users);
        return ApiResponse.Json(200, w =>
        {
            w.WriteString("@odata.context", state.ServiceRoot + "$metadata#" + RecordJson.ContextFragment(roles, selected));
            w.WriteStartArray("value");
            foreach (var row in rows)
            {
                json.Write(w, row);
            }

            w.WriteEndArray();
        });
    }
}
