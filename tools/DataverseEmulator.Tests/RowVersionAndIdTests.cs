using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// What the cloud does that makes software fail, and the emulator must do too (DESIGN §5): date/time values with
/// whole-second precision, server-assigned ids in no creation order, and the <c>versionnumber</c> row version (BigInt,
/// Edm.Int64, read-only) that increases across the organization on every create and update
/// (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/lead#BKMK_VersionNumber).
/// </summary>
public sealed class RowVersionAndIdTests
{
    private const int Seed = 1212;

    private static async Task<(DataverseEmulator, EmulatorClient)> StartAsync(TimeProvider? time = null, int? idSeed = Seed)
    {
        var options = EmulatorClient.Options(time);
        options.IdSeed = idSeed;
        var emulator = await DataverseEmulator.StartAsync(options);
        return (emulator, new EmulatorClient(emulator, EmulatorClient.SyncToken));
    }

    private static async Task<long> VersionAsync(EmulatorClient client, string set, Guid id)
    {
        var record = await client.GetJsonAsync($"{set}({id})?$select=versionnumber");
        // The ETag is the row version, as on the platform.
        Assert.Equal($"W/\"{record.GetProperty("versionnumber").GetInt64()}\"", record.GetProperty("@odata.etag").GetString());
        return record.GetProperty("versionnumber").GetInt64();
    }

    [Fact]
    public async Task VersionNumber_CreatesAndUpdatesAcrossTables_IncreasesInWriteOrder()
    {
        var (emulator, client) = await StartAsync();
        await using var owner = emulator;
        using var c = client;

        var contact = await client.CreateAsync("contacts", new { lastname = "First" });
        var afterContactCreate = await VersionAsync(client, "contacts", contact);
        var lead = await client.CreateAsync("leads", new { lastname = "Second" });
        var afterLeadCreate = await VersionAsync(client, "leads", lead);
        using var patch = await client.SendAsync(HttpMethod.Patch, $"contacts({contact})", new { lastname = "Third" });
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var afterContactUpdate = await VersionAsync(client, "contacts", contact);

        Assert.True(afterContactCreate < afterLeadCreate && afterLeadCreate < afterContactUpdate,
            $"versions {afterContactCreate}, {afterLeadCreate}, {afterContactUpdate} (seed {Seed})");
        Assert.Equal(afterContactUpdate, emulator.Admin.GetRecord("contact", contact)!["versionnumber"]);
    }

    [Fact]
    public async Task VersionNumber_OrderByAndFilter_FollowWriteOrderNotIdOrder()
    {
        var (emulator, client) = await StartAsync();
        await using var owner = emulator;
        using var c = client;
        var names = Enumerable.Range(1, 12).Select(i => $"Row{i:D2}").ToList();
        foreach (var name in names)
        {
            await client.CreateAsync("contacts", new { lastname = name });
        }

        var byVersion = await client.GetJsonAsync("contacts?$select=lastname,versionnumber&$orderby=versionnumber asc");
        var byId = await client.GetJsonAsync("contacts?$select=lastname&$orderby=contactid asc");
        var rows = byVersion.GetProperty("value").EnumerateArray().ToList();
        var sixth = rows[5].GetProperty("versionnumber").GetInt64();
        var later = await client.GetJsonAsync($"contacts?$select=lastname&$filter=versionnumber gt {sixth}&$orderby=versionnumber desc");

        Assert.Equal(names, rows.Select(r => r.GetProperty("lastname").GetString()!));
        Assert.NotEqual(names, Names(byId));
        Assert.Equal(["Row12", "Row11", "Row10", "Row09", "Row08", "Row07"], Names(later));
    }

    [Fact]
    public async Task VersionNumber_WrittenByCaller_Returns400PayloadError()
    {
        var (emulator, client) = await StartAsync();
        await using var owner = emulator;
        using var c = client;
        var id = await client.CreateAsync("contacts", new { lastname = "Versioned" });

        using var response = await client.SendAsync(HttpMethod.Patch, $"contacts({id})", new { versionnumber = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("0x80048d19", (await EmulatorClient.ErrorAsync(response)).Code);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("crmsync_syncevent")]
    public async Task Metadata_VersionNumber_IsReadOnlyBigInt(string table)
    {
        var (emulator, client) = await StartAsync();
        await using var owner = emulator;
        using var c = client;

        var attribute = await client.GetJsonAsync(
            $"EntityDefinitions(LogicalName='{table}')/Attributes(LogicalName='versionnumber')?$select=AttributeType,IsValidForCreate,IsValidForUpdate,IsValidForRead");

        Assert.Equal("BigInt", attribute.GetProperty("AttributeType").GetString());
        Assert.Equal((false, false, true), (attribute.GetProperty("IsValidForCreate").GetBoolean(),
            attribute.GetProperty("IsValidForUpdate").GetBoolean(), attribute.GetProperty("IsValidForRead").GetBoolean()));
    }

    [Fact]
    public async Task Create_SameIdSeed_ReplaysTheSameIdsInNoCreationOrder()
    {
        var first = await CreateTenAsync(Seed);
        var replay = await CreateTenAsync(Seed);
        var other = await CreateTenAsync(Seed + 1);

        Assert.Equal(first, replay);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, first.Order().ToList());
        Assert.All(first, id => Assert.Equal(4, id.Version));
    }

    [Fact]
    public async Task Create_SubSecondClockAndValues_StoresAndReturnsWholeSeconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
        var (emulator, client) = await StartAsync(time);
        await using var owner = emulator;
        using var c = client;

        var id = await client.CreateAsync("contacts", new { lastname = "Precise", birthdate = "1990-01-02T03:04:05.678Z" });
        var record = await client.GetJsonAsync($"contacts({id})?$select=createdon,modifiedon,birthdate");

        Assert.Equal("2026-03-04T05:06:07Z", record.GetProperty("createdon").GetString());
        Assert.Equal("2026-03-04T05:06:07Z", record.GetProperty("modifiedon").GetString());
        // birthdate is date-only: its value is the date, read as yyyy-MM-dd.
        Assert.Equal("1990-01-02", record.GetProperty("birthdate").GetString());
        Assert.Equal(new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc), emulator.Admin.GetRecord("contact", id)!["createdon"]);
    }

    private static async Task<List<Guid>> CreateTenAsync(int seed)
    {
        var (emulator, client) = await StartAsync(idSeed: seed);
        await using var owner = emulator;
        using var c = client;
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await client.CreateAsync("contacts", new { lastname = $"Seeded{i}" }));
        }

        return ids;
    }

    private static List<string> Names(JsonElement page) =>
        page.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("lastname").GetString()!).ToList();
}
