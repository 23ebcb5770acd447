using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Dataverse.Metadata;

/// <summary>
/// The sync user (from <c>WhoAmI</c>) and what it may do with each lead and contact column (attribute metadata and
/// column security), cached for a few minutes so a burst of sync-person calls does not re-read metadata each time.
/// </summary>
internal sealed class SyncUserAccess(DataverseClient dataverse, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (EntityColumnAccess Access, DateTimeOffset ReadOn)> _columns = new(StringComparer.Ordinal);
    private (Guid UserId, DateTimeOffset ReadOn)? _user;

    /// <summary>The sync user's id.</summary>
    public async Task<Guid> GetUserIdAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await UserIdLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The column access of <paramref name="entity"/> for the sync user.</summary>
    public Task<EntityColumnAccess> GetColumnsAsync(SyncEntity entity, CancellationToken cancellationToken) =>
        GetColumnsAsync(entity.ToLogicalName(), cancellationToken);

    /// <summary>The column access of table <paramref name="table"/> (e.g. <c>account</c>) for the sync user.</summary>
    public async Task<EntityColumnAccess> GetColumnsAsync(string table, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_columns.TryGetValue(table, out var cached) && time.GetUtcNow() - cached.ReadOn < Lifetime)
            {
                return cached.Access;
            }

            var userId = await UserIdLockedAsync(cancellationToken).ConfigureAwait(false);
            var access = await dataverse.GetColumnAccessAsync(table, userId, cancellationToken).ConfigureAwait(false);
            _columns[table] = (access, time.GetUtcNow());
            return access;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Guid> UserIdLockedAsync(CancellationToken cancellationToken)
    {
        if (_user is { } user && time.GetUtcNow() - user.ReadOn < Lifetime)
        {
            return user.UserId;
        }

        var whoAmI = await dataverse.WhoAmIAsync(cancellationToken).ConfigureAwait(false);
        _user = (whoAmI.UserId, time.GetUtcNow());
        return whoAmI.UserId;
    }
}
