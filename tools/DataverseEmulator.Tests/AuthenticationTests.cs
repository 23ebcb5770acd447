using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// Client-credentials tokens (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow),
/// bearer authentication and WhoAmI (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami).
/// </summary>
public sealed class AuthenticationTests
{
    private static async Task<HttpResponseMessage> TokenAsync(DataverseEmulator emulator, string clientId, string secret, string grant = "client_credentials")
    {
        using var http = new HttpClient();
        return await http.PostAsync(emulator.TokenUrl("contoso-tenant"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant, ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = emulator.BaseUrl + "/.default",
        }));
    }

    [Theory]
    [InlineData("crmsync-sync", "crmsync-sync-secret", true)]
    [InlineData("crmsync-maker", "crmsync-maker-secret", false)]
    public async Task Token_ThenWhoAmI_ReturnsTheClientsUser(string clientId, string secret, bool isSync)
    {
        await using var emulator = await DataverseEmulator.StartAsync();
        using var tokenResponse = await TokenAsync(emulator, clientId, secret);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement;
        using var client = new EmulatorClient(emulator, token.GetProperty("access_token").GetString()!);

        var whoAmI = await client.GetJsonAsync("WhoAmI");

        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(3599, token.GetProperty("expires_in").GetInt32());
        var expected = isSync ? emulator.Admin.SyncUser.Id : emulator.Admin.MakerUser.Id;
        Assert.Equal(expected, whoAmI.GetProperty("UserId").GetGuid());
        Assert.EndsWith("$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse", whoAmI.GetProperty("@odata.context").GetString());
        Assert.NotEqual(Guid.Empty, whoAmI.GetProperty("OrganizationId").GetGuid());
        Assert.NotEqual(Guid.Empty, whoAmI.GetProperty("BusinessUnitId").GetGuid());
    }

    [Fact]
    public async Task Token_WrongSecret_Returns401InvalidClient()
    {
        await using var emulator = await DataverseEmulator.StartAsync();

        using var response = await TokenAsync(emulator, "crmsync-sync", "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_OtherGrant_Returns400UnsupportedGrantType()
    {
        await using var emulator = await DataverseEmulator.StartAsync();

        using var response = await TokenAsync(emulator, "crmsync-sync", "crmsync-sync-secret", "password");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task WebApi_MissingOrUnknownToken_Returns401WithChallenge(string? token)
    {
        await using var emulator = await DataverseEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.ApiUrl };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.GetAsync("contacts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, emulator.Admin.RequestLog.Single().Status);
    }

    [Theory]
    [InlineData("http://10.0.0.1:5555")]
    [InlineData("http://0.0.0.0:5555")]
    [InlineData("https://127.0.0.1:5555")]
    public async Task StartAsync_NonLoopbackUrl_IsRefused(string url)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => DataverseEmulator.StartAsync(new DataverseEmulatorOptions { Url = url }));
    }
}
