using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CrmSync.DataverseEmulator.Security;

/// <summary>Users, the tokens issued to them and their column-security grants.</summary>
internal sealed class UserDirectory
{
    private readonly ConcurrentDictionary<Guid, EmulatorUser> _users = new();
    private readonly ConcurrentDictionary<string, Guid> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Guid User, string Table, string Column), ColumnGrant> _grants = new();

    public void Add(EmulatorUser user)
    {
        if (!_users.TryAdd(user.Id, user))
        {
            throw new InvalidOperationException($"A user with id {user.Id} exists.");
        }

        if (user.StaticToken is { Length: > 0 } token)
        {
            _tokens[token] = user.Id;
        }
    }

    public EmulatorUser? Find(Guid id) => _users.GetValueOrDefault(id);

    public EmulatorUser? FindByClient(string clientId, string clientSecret) =>
        _users.Values.FirstOrDefault(u => u.ClientId == clientId && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(u.ClientSecret), System.Text.Encoding.UTF8.GetBytes(clientSecret)));

    /// <summary>Issues an opaque random token mapped to the user.</summary>
    public string IssueToken(Guid userId)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        _tokens[token] = userId;
        return token;
    }

    public EmulatorUser? FindByToken(string token) =>
        _tokens.TryGetValue(token, out var id) ? Find(id) : null;

    public void Grant(Guid userId, string table, string column, ColumnGrant grant) => _grants[(userId, table, column)] = grant;

    public ColumnGrant GrantFor(Guid userId, string table, string column)
    {
        if (Find(userId)?.IsSystemAdministrator == true)
        {
            return new ColumnGrant(true, true, true);
        }

        return _grants.GetValueOrDefault((userId, table, column), ColumnGrant.None);
    }
}
