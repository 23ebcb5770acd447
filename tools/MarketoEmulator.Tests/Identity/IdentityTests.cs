using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CrmSync.MarketoEmulator.Tests.Identity;

/// <summary>
/// Shapes from https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication
/// and the 601/602 codes from https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes.
/// </summary>
public sealed class IdentityTests
{
    [Fact]
    public async Task Token_ValidCredentials_ReturnsDocumentedShape()
    {
        await using var sut = await TestEmulator.CreateSut();

        var body = await sut.Http.GetFromJsonAsync<JsonElement>(TestEmulator.TokenPath);

        Assert.False(string.IsNullOrEmpty(body.Str("access_token")));
        Assert.Equal("bearer", body.Str("token_type"));
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Contains("crmsync-dev", body.Str("scope"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_PostWithForm_IsAccepted()
    {
        await using var sut = await TestEmulator.CreateSut();

        using var response = await sut.Http.PostAsync("identity/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "crmsync-dev", ["client_secret"] = "crmsync-dev-secret",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_BadSecret_Returns401InvalidClient()
    {
        await using var sut = await TestEmulator.CreateSut();

        using var response = await sut.Http.GetAsync("identity/oauth/token?grant_type=client_credentials&client_id=crmsync-dev&client_secret=nope");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }

    [Fact]
    public async Task Token_ClientAddedInOptions_IsAcceptedWithConfiguredLifetime()
    {
        await using var sut = await TestEmulator.CreateSut(o =>
        {
            o.Clients["other"] = "other-secret";
            o.TokenLifetime = TimeSpan.FromMinutes(5);
        });

        var body = await sut.Http.GetFromJsonAsync<JsonElement>("identity/oauth/token?grant_type=client_credentials&client_id=other&client_secret=other-secret");

        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Token_AskedAgainBeforeExpiry_ReturnsSameTokenWithRemainingLifetime()
    {
        await using var sut = await TestEmulator.CreateSut();
        var first = await sut.Http.GetFromJsonAsync<JsonElement>(TestEmulator.TokenPath);

        sut.Clock.Advance(TimeSpan.FromSeconds(600));
        var second = await sut.Http.GetFromJsonAsync<JsonElement>(TestEmulator.TokenPath);

        Assert.Equal(first.Str("access_token"), second.Str("access_token"));
        Assert.Equal(3000, second.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Rest_TokenExpiredOnFakeClock_Returns602()
    {
        await using var sut = await TestEmulator.CreateSut();
        Assert.True((await sut.GetAsync("rest/v1/leads/describe.json")).GetProperty("success").GetBoolean());

        sut.Clock.Advance(TimeSpan.FromSeconds(3600));

        Assert.Equal("602", (await sut.GetAsync("rest/v1/leads/describe.json")).ErrorCode());
    }

    [Fact]
    public async Task Rest_UnknownToken_Returns601()
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Http.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");

        var body = await sut.Http.GetFromJsonAsync<JsonElement>("rest/v1/leads/describe.json");

        Assert.Equal("601", body.ErrorCode());
    }

    [Fact]
    public async Task Rest_NoToken_Returns600WithHttp200()
    {
        await using var sut = await TestEmulator.CreateSut();

        using var response = await sut.Http.GetAsync("rest/v1/leads/describe.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("600", (await response.Content.ReadFromJsonAsync<JsonElement>()).ErrorCode());
    }

    [Fact]
    public async Task Rest_TokenAsAccessTokenQueryParameter_IsAccepted()
    {
        await using var sut = await TestEmulator.CreateSut();
        var token = await sut.TokenAsync();

        var body = await sut.Http.GetFromJsonAsync<JsonElement>($"rest/v1/leads/describe.json?access_token={token}");

        Assert.True(body.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Rest_UnknownPath_Returns610()
    {
        await using var sut = await TestEmulator.CreateSut();

        Assert.Equal("610", (await sut.GetAsync("rest/v1/nothing.json")).ErrorCode());
    }
}
