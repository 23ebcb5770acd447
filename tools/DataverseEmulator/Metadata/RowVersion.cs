namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>
/// The <c>versionnumber</c> column Dataverse has on every table: a BigInt (Edm.Int64) row version, read-only,
/// that the organization increases on every create and update of any row, so it orders writes across tables
/// where <c>modifiedon</c> (whole seconds) and ids (not in creation order) cannot.
/// </summary>
internal static class RowVersion
{
    public const string ColumnName = "versionnumber";

    /// <summary>Adds the column, or replaces a definition that lacks the row version behaviour (e.g. read from a solution).</summary>
    public static void EnsureOn(TableDefinition table)
    {
        if (table.Find(ColumnName) is not { IsRowVersion: true })
        {
            table.AddOrReplace(new ColumnDefinition(table.LogicalName, ColumnName, AttributeKind.BigInt)
            {
                IsRowVersion = true,
                IsValidForCreate = false,
                IsValidForUpdate = false,
            });
        }
    }
}
