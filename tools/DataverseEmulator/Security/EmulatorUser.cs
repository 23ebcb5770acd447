namespace CrmSync.DataverseEmulator.Security;

/// <summary>A user of the emulated organization and the client credentials that sign it in.</summary>
public sealed class EmulatorUser
{
    /// <summary>Creates a user.</summary>
    public EmulatorUser(Guid id, string fullName, string clientId, string clientSecret)
    {
        Id = id;
        FullName = fullName;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    /// <summary>The systemuserid.</summary>
    public Guid Id { get; }

    /// <summary>The user's full name.</summary>
    public string FullName { get; }

    /// <summary>The client id accepted by the token endpoint.</summary>
    public string ClientId { get; }

    /// <summary>The client secret accepted by the token endpoint.</summary>
    public string ClientSecret { get; }

    /// <summary>A fixed bearer token also accepted for this user (tests, scripts); null for none.</summary>
    public string? StaticToken { get; init; }

    /// <summary>System administrators read and write every secured column.</summary>
    public bool IsSystemAdministrator { get; init; }

    /// <summary>Names of the security roles the user has.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
}
