using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Storage;
using CrmSync.DataverseEmulator.WebApi;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>What the platform checks before a write: validity for create/update, column security, lengths, references.</summary>
internal static class WriteChecks
{
    /// <summary>Tables whose rows the Web API may read but not create, update or delete.</summary>
    private static readonly HashSet<string> SystemTables = new(StringComparer.Ordinal)
    {
        "systemuser", "role", "solution", "pluginassembly", "plugintype", "sdkmessage", "sdkmessagefilter",
    };

    /// <summary>Registration tables a setup tool may update (step configuration and filtering, image columns) but not create or delete.</summary>
    private static readonly HashSet<string> UpdatableRegistrations = new(StringComparer.Ordinal)
    {
        "sdkmessageprocessingstep", "sdkmessageprocessingstepimage",
    };

    public static void TablePrivilege(TableDefinition table, string message, Guid userId)
    {
        var denied = SystemTables.Contains(table.LogicalName) || (UpdatableRegistrations.Contains(table.LogicalName) && message != "Update");
        if (denied)
        {
            // Dataverse names the update privilege prvWrite<Table>.
            var verb = message == "Update" ? "Write" : message;
            throw new WebApiException(403, ErrorCodes.PrivilegeDenied,
                $"Principal user (Id={userId}, type=8) is missing prv{verb}{table.LogicalName} privilege on OTC={table.LogicalName}.");
        }
    }

    public static void Security(TableDefinition table, IReadOnlyDictionary<ColumnDefinition, object?> values, bool create, Guid userId, UserDirectory users)
    {
        foreach (var (column, value) in values)
        {
            if (column.IsPrimaryId)
            {
                continue;
            }

            if (create ? !column.IsValidForCreate : !column.IsValidForUpdate)
            {
                throw new WebApiException(400, ErrorCodes.PayloadError,
                    $"Error identified in Payload provided by the user for Entity :'{table.EntitySetName}': the attribute '{column.LogicalName}' is not valid for {(create ? "create" : "update")}.");
            }

            if (!column.IsSecured)
            {
                continue;
            }

            var grant = users.GrantFor(userId, table.LogicalName, column.LogicalName);
            if (create && value is not null && !grant.CanCreate)
            {
                throw new WebApiException(403, ErrorCodes.AttributeCreateDenied,
                    $"The user does not have create permissions to a secured field. The requested operation could not be completed. (attribute '{column.LogicalName}' of '{table.LogicalName}')");
            }

            if (!create && !grant.CanUpdate)
            {
                throw new WebApiException(403, ErrorCodes.AttributeUpdateDenied,
                    $"The user doesn't have AttributePrivilegeUpdate and not granted shared access for a secured attribute during update operation (attribute '{column.LogicalName}' of '{table.LogicalName}')");
            }
        }
    }

    public static void Values(TableDefinition table, IReadOnlyDictionary<ColumnDefinition, object?> values, Func<TableDefinition, TableData> data, Schema schema)
    {
        foreach (var (column, value) in values)
        {
            if (value is string text && column.MaxLength is { } max && text.Length > max)
            {
                throw new WebApiException(400, ErrorCodes.StringLengthTooLong,
                    $"A validation error occurred. The length of the '{column.LogicalName}' attribute of the '{table.LogicalName}' entity exceeded the maximum allowed length of '{max}'.");
            }

            if (value is int option && column.IsOptionSet && column.Options.Count > 0 && !column.Options.Any(o => o.Value == option))
            {
                // As Dataverse answers a choice value the column does not define.
                throw new WebApiException(400, ErrorCodes.OptionValueOutOfRange,
                    $"A validation error occurred. The value {option} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. Accepted Values: {string.Join(",", column.Options.Select(o => o.Value))}");
            }

            if (value is string selected && column.IsMultiSelect && column.Options.Count > 0
                && MultiSelectText.Parse(selected).FirstOrDefault(v => !column.Options.Any(o => o.Value == v), int.MinValue) is var unknown
                && unknown != int.MinValue)
            {
                throw new WebApiException(400, ErrorCodes.OptionValueOutOfRange,
                    $"A validation error occurred. The value {unknown} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. Accepted Values: {string.Join(",", column.Options.Select(o => o.Value))}");
            }

            if (value is StoredReference reference)
            {
                if (!column.Targets.Contains(reference.Table))
                {
                    throw new WebApiException(400, ErrorCodes.PayloadError,
                        $"'{reference.Table}' is not a valid target of lookup '{column.LogicalName}' on '{table.LogicalName}'.");
                }

                if (schema.FindTable(reference.Table) is { } target && data(target).Find(reference.Id) is null)
                {
                    throw new WebApiException(404, ErrorCodes.ObjectDoesNotExist, $"{reference.Table} With Id = {reference.Id} Does Not Exist");
                }
            }
        }
    }
}
