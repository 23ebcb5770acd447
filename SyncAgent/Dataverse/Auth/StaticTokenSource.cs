namespace CrmSync.SyncAgent.Dataverse.Auth;

/// <summary>A configured bearer token (<c>CrmSync:Dataverse:AccessToken</c>), e.g. for the emulator.</summary>
internal sealed class StaticTokenSource(string token) : DataverseTokenSource
{
    private readonly string _token = string.IsNullOrEmpty(token) ? throw new ArgumentException("A token is required.", nameof(token)) : token;

    /// <inheritdoc />
    public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_token);
}
