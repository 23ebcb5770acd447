using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Setup;

/// <summary>
/// The <c>doctor</c> check of <c>CrmSync:Sync:DeletedField</c> (DESIGN B17): the field must exist in Marketo's lead
/// describe under that REST name, be Boolean and writable, or every delete's mark would be refused.
/// </summary>
internal static class DeletedFieldCheck
{
    /// <summary>The check's name in the report.</summary>
    public const string Name = "Marketo deleted field";

    /// <summary>Checks <paramref name="field"/> against <paramref name="describe"/>.</summary>
    public static DoctorCheck Of(string field, IReadOnlyList<MarketoField> describe)
    {
        var found = describe.FirstOrDefault(f => string.Equals(f.RestName, field, StringComparison.OrdinalIgnoreCase));
        const string Create = "create a Boolean lead field in Marketo Admin > Field Management and set CrmSync:Sync:DeletedField to its REST API name, or remove the key";
        if (found is null)
        {
            return DoctorCheck.Fail(Name, $"CrmSync:Sync:DeletedField '{field}' is not a Marketo lead field (describe lists no such REST name)", Create);
        }

        if (!string.Equals(found.DataType, "boolean", StringComparison.OrdinalIgnoreCase))
        {
            return DoctorCheck.Fail(Name, $"CrmSync:Sync:DeletedField '{field}' is a {found.DataType} field, not Boolean", Create);
        }

        return found.ReadOnly
            ? DoctorCheck.Fail(Name, $"CrmSync:Sync:DeletedField '{field}' is read-only through the REST API", Create)
            : DoctorCheck.Pass(Name, $"'{found.RestName}' is a Boolean lead field; a Dynamics delete sets it to true");
    }
}
