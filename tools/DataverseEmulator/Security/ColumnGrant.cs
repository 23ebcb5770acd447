namespace CrmSync.DataverseEmulator.Security;

/// <summary>A user's permissions on one secured column (a field security profile's field permission).</summary>
/// <param name="CanRead">Read the value (otherwise it comes back null).</param>
/// <param name="CanUpdate">Change the value.</param>
/// <param name="CanCreate">Set the value on create.</param>
public sealed record ColumnGrant(bool CanRead, bool CanUpdate, bool CanCreate)
{
    /// <summary>No access.</summary>
    public static ColumnGrant None { get; } = new(false, false, false);
}
