using System.Net;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// ETags, optimistic concurrency and upsert:
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api,
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api#upsert-a-table-row.
/// </summary>
public sealed class ConditionalOperationTests
{
    [Fact]
    public async Task Update_StaleIfMatch_Returns412ConcurrencyVersionMismatch()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var id = await client.CreateAsync("contacts", new { lastname = "v1" });
        var etag = (await client.GetJsonAsync($"contacts({id})?$select=lastname")).GetProperty("@odata.etag").GetString()!;
        using var first = await client.SendAsync(HttpMethod.Patch, $"contacts({id})", new { lastname = "v2" }, ("If-Match", etag));

        using var stale = await client.SendAsync(HttpMethod.Patch, $"contacts({id})", new { lastname = "v3" }, ("If-Match", etag));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("0x80060882", (await EmulatorClient.ErrorAsync(stale)).Code);
    }

    [Fact]
    public async Task Retrieve_IfNoneMatchCurrentEtag_Returns304()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var id = await client.CreateAsync("contacts", new { lastname = "same" });
        var etag = (await client.GetJsonAsync($"contacts({id})")).GetProperty("@odata.etag").GetString()!;

        using var response = await client.SendAsync(HttpMethod.Get, $"contacts({id})", null, ("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Patch_MissingRecord_UpsertsWithGivenId()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var id = Guid.NewGuid();

        using var response = await client.SendAsync(HttpMethod.Patch, $"contacts({id})", new { lastname = "Upserted" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("Upserted", (await client.GetJsonAsync($"contacts({id})")).GetProperty("lastname").GetString());
    }

    [Fact]
    public async Task Patch_IfMatchStarOnMissingRecord_Returns404AndCreatesNothing()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var response = await client.SendAsync(HttpMethod.Patch, $"contacts({Guid.NewGuid()})", new { lastname = "No" }, ("If-Match", "*"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("0x80040217", (await EmulatorClient.ErrorAsync(response)).Code);
        Assert.Equal(0, emulator.Admin.Count("contact"));
    }

    [Fact]
    public async Task Patch_IfNoneMatchStarOnExistingRecord_Returns412DuplicateRecord()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var id = await client.CreateAsync("contacts", new { lastname = "Exists" });

        using var response = await client.SendAsync(HttpMethod.Patch, $"contacts({id})", new { lastname = "Overwrite" }, ("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("0x80040237", (await EmulatorClient.ErrorAsync(response)).Code);
        Assert.Equal("Exists", emulator.Admin.GetRecord("contact", id)!["lastname"]);
    }

    [Fact]
    public async Task Update_ReturnRepresentation_Returns200WithRecord()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var id = await client.CreateAsync("contacts", new { lastname = "Before" });

        using var response = await client.SendAsync(HttpMethod.Patch, $"contacts({id})?$select=lastname", new { lastname = "After" }, ("Prefer", "return=representation"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"lastname\":\"After\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
