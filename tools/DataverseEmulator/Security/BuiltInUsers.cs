namespace CrmSync.DataverseEmulator.Security;

/// <summary>The identities every emulator starts with (see the README's standalone defaults).</summary>
public static class BuiltInUsers
{
    /// <summary>The organization id WhoAmI reports.</summary>
    public static readonly Guid OrganizationId = new("0f5c1b7e-2d4a-4c8e-9b1a-000000000001");

    /// <summary>The root business unit id WhoAmI reports.</summary>
    public static readonly Guid BusinessUnitId = new("0f5c1b7e-2d4a-4c8e-9b1a-000000000002");

    /// <summary>SYSTEM, the user plug-ins run as when they ask for a service without a user.</summary>
    public static readonly Guid SystemUserId = new("0f5c1b7e-2d4a-4c8e-9b1a-000000000003");

    /// <summary>The name of the role the sync application user is assigned; the CrmSync solution brings the role itself.</summary>
    public const string SyncUserRole = "CrmSync Sync User";

    /// <summary>The sync application user: client <c>crmsync-sync</c>, secret <c>crmsync-sync-secret</c>.</summary>
    public static EmulatorUser Sync { get; } = new(new Guid("0f5c1b7e-2d4a-4c8e-9b1a-00000000c001"), "CrmSync Sync", "crmsync-sync", "crmsync-sync-secret")
    {
        Roles = [SyncUserRole],
    };

    /// <summary>An ordinary Dynamics user: client <c>crmsync-maker</c>, secret <c>crmsync-maker-secret</c>.</summary>
    public static EmulatorUser Maker { get; } = new(new Guid("0f5c1b7e-2d4a-4c8e-9b1a-00000000c002"), "Maker User", "crmsync-maker", "crmsync-maker-secret")
    {
        Roles = ["Salesperson"],
    };
}
