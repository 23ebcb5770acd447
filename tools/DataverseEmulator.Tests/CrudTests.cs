using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// Create, retrieve, update, delete:
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api,
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-entity-using-web-api,
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api.
/// </summary>
public sealed class CrudTests
{
    [Fact]
    public async Task Create_WithoutPreference_Returns204WithODataEntityId()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var response = await client.SendAsync(HttpMethod.Post, "contacts", new { firstname = "Ada", lastname = "Lovelace" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/api/data/v9\.2/contacts\([0-9a-f-]{36}\)$", response.Headers.GetValues("OData-EntityId").Single());
    }

    [Fact]
    public async Task Create_WithReturnRepresentation_Returns201WithRecordAndEtag()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var response = await client.SendAsync(HttpMethod.Post, "contacts?$select=firstname,fullname", new { firstname = "Ada", lastname = "Lovelace" },
            ("Prefer", "return=representation"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("return=representation", response.Headers.GetValues("Preference-Applied").Single());
        Assert.EndsWith("/api/data/v9.2/$metadata#contacts(firstname,fullname)/$entity", body.GetProperty("@odata.context").GetString());
        Assert.Matches("^W/\"\\d+\"$", body.GetProperty("@odata.etag").GetString());
        Assert.Equal("Ada Lovelace", body.GetProperty("fullname").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("contactid").GetString(), out _));
        Assert.False(body.TryGetProperty("lastname", out _));
    }

    [Fact]
    public async Task Retrieve_WithLookup_ReturnsValuePropertyAndAnnotationsWhenAsked()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var lead = await client.CreateAsync("leads", new { lastname = "Lead" });
        var contact = await client.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "C", ["originatingleadid@odata.bind"] = $"/leads({lead})" });

        var plain = await client.GetJsonAsync($"contacts({contact})?$select=_originatingleadid_value");
        var annotated = await client.GetJsonAsync($"contacts({contact})?$select=_originatingleadid_value", ("Prefer", "odata.include-annotations=\"*\""));

        Assert.Equal(lead.ToString(), plain.GetProperty("_originatingleadid_value").GetString());
        Assert.False(plain.TryGetProperty("_originatingleadid_value@Microsoft.Dynamics.CRM.lookuplogicalname", out _));
        Assert.Equal("lead", annotated.GetProperty("_originatingleadid_value@Microsoft.Dynamics.CRM.lookuplogicalname").GetString());
        Assert.Equal("originatingleadid", annotated.GetProperty("_originatingleadid_value@Microsoft.Dynamics.CRM.associatednavigationproperty").GetString());
    }

    [Fact]
    public async Task Update_ThenRetrieve_ChangesValueAndEtag()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var id = await client.CreateAsync("leads", new { lastname = "Old", emailaddress1 = "a@example.com" });
        var before = await client.GetJsonAsync($"leads({id})?$select=lastname");

        using var patch = await client.SendAsync(HttpMethod.Patch, $"leads({id})", new { lastname = "New" });
        var after = await client.GetJsonAsync($"leads({id})?$select=lastname,emailaddress1");

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal("New", after.GetProperty("lastname").GetString());
        Assert.Equal("a@example.com", after.GetProperty("emailaddress1").GetString());
        Assert.NotEqual(before.GetProperty("@odata.etag").GetString(), after.GetProperty("@odata.etag").GetString());
    }

    [Fact]
    public async Task Delete_ThenRetrieve_Returns404WithObjectDoesNotExist()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var id = await client.CreateAsync("contacts", new { lastname = "Gone" });

        using var delete = await client.SendAsync(HttpMethod.Delete, $"contacts({id})");
        using var get = await client.SendAsync(HttpMethod.Get, $"contacts({id})");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("0x80040217", (await EmulatorClient.ErrorAsync(get)).Code);
    }

    [Fact]
    public async Task Create_TooLongText_Returns400WithStringLengthError()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var response = await client.SendAsync(HttpMethod.Post, "contacts", new { firstname = new string('x', 51) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (code, message) = await EmulatorClient.ErrorAsync(response);
        Assert.Equal("0x80044331", code);
        Assert.Contains("'firstname'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownProperty_Returns400PayloadError()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var response = await client.SendAsync(HttpMethod.Post, "contacts", new { nosuchcolumn = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("0x80048d19", (await EmulatorClient.ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Get_UnknownEntitySet_Returns404()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var response = await client.SendAsync(HttpMethod.Get, "nosuchthings");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("0x80060888", (await EmulatorClient.ErrorAsync(response)).Code);
    }
}
