using CrmSync.Demo;
using System.Net;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// What a setup tool reads and changes after the import: a user's security roles through the N:N navigation property
/// <c>systemuserroles_association</c> (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api),
/// and a step image's <c>attributes</c>, "comma-separated list of attributes that are to be passed into the SDK message
/// processing step image", updatable with PATCH
/// (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/sdkmessageprocessingstepimage).
/// </summary>
public sealed class RegistrationTests
{
    private static async Task<DataverseEmulator> StartAsync(bool import = true)
    {
        var options = EmulatorClient.Options();
        options.SolutionPath = import ? PackedSolution.Find() : null;
        return await DataverseEmulator.StartAsync(options);
    }

    [Fact]
    public async Task GetUserRoles_SyncUserAfterImport_ReturnsTheSolutionRole()
    {
        await using var emulator = await StartAsync();
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var roles = await sync.GetJsonAsync($"systemusers({emulator.Admin.SyncUser.Id})/systemuserroles_association?$select=name");

        var role = Assert.Single(roles.GetProperty("value").EnumerateArray());
        Assert.Equal("CrmSync Sync User", role.GetProperty("name").GetString());
        Assert.Equal(Guid.Parse("9735cd1f-11ac-48a9-90c5-5c0baa7a40d9"), role.GetProperty("roleid").GetGuid());
        Assert.EndsWith("$metadata#roles(name)", roles.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUserRoles_BeforeImport_ReturnsNoRole()
    {
        await using var emulator = await StartAsync(import: false);
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var roles = await sync.GetJsonAsync($"systemusers({emulator.Admin.SyncUser.Id})/systemuserroles_association?$select=name");

        Assert.Equal(0, roles.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task GetUserRoles_UnknownUser_Returns404()
    {
        await using var emulator = await StartAsync(import: false);
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        using var response = await sync.SendAsync(HttpMethod.Get, $"systemusers({Guid.NewGuid()})/systemuserroles_association");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PatchStepImage_Attributes_ChangesThePreImageThePluginReceives()
    {
        await using var emulator = await StartAsync();
        using var maker = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        await maker.ConfigureSyncUserAsync(emulator.Admin.SyncUser.Id);
        var contact = await maker.CreateAsync("contacts", new { lastname = "Image", jobtitle = "Analyst" });
        var rowsAfterCreate = emulator.Admin.Count("crmsync_syncevent");
        Assert.Equal(1, rowsAfterCreate);
        using (var same = await maker.SendAsync(HttpMethod.Patch, $"contacts({contact})", new { jobtitle = "Analyst" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, same.StatusCode);
        }

        // Equal to the pre-image: nothing staged while the image carries jobtitle.
        Assert.Equal(rowsAfterCreate, emulator.Admin.Count("crmsync_syncevent"));
        var images = await maker.GetJsonAsync("sdkmessageprocessingstepimages?$select=sdkmessageprocessingstepimageid,attributes,_sdkmessageprocessingstepid_value");
        var steps = await maker.GetJsonAsync("sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name");
        var updateStep = steps.GetProperty("value").EnumerateArray().Single(s => s.GetProperty("name").GetString()!.Contains("Update of contact", StringComparison.OrdinalIgnoreCase));
        var image = images.GetProperty("value").EnumerateArray()
            .Single(i => i.GetProperty("_sdkmessageprocessingstepid_value").GetGuid() == updateStep.GetProperty("sdkmessageprocessingstepid").GetGuid());

        using var patch = await maker.SendAsync(HttpMethod.Patch, $"sdkmessageprocessingstepimages({image.GetProperty("sdkmessageprocessingstepimageid").GetGuid()})",
            new { attributes = "emailaddress1,lastname" }, ("If-Match", "*"));
        using var again = await maker.SendAsync(HttpMethod.Patch, $"contacts({contact})", new { jobtitle = "Analyst" });

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var read = await maker.GetJsonAsync($"sdkmessageprocessingstepimages({image.GetProperty("sdkmessageprocessingstepimageid").GetGuid()})?$select=attributes");
        Assert.Equal("emailaddress1,lastname", read.GetProperty("attributes").GetString());
        // Without jobtitle in the pre-image the plug-in sees it as changed from null.
        Assert.Equal(rowsAfterCreate + 1, emulator.Admin.Count("crmsync_syncevent"));
    }

    [Fact]
    public async Task CreateOrDeleteStepImage_Returns403WithTheMissingPrivilege()
    {
        await using var emulator = await StartAsync();
        using var maker = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var image = (await maker.GetJsonAsync("sdkmessageprocessingstepimages?$select=sdkmessageprocessingstepimageid")).GetProperty("value")[0]
            .GetProperty("sdkmessageprocessingstepimageid").GetGuid();

        using var create = await maker.SendAsync(HttpMethod.Post, "sdkmessageprocessingstepimages", new { name = "Extra", entityalias = "Extra" });
        using var delete = await maker.SendAsync(HttpMethod.Delete, $"sdkmessageprocessingstepimages({image})");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Contains("prvCreatesdkmessageprocessingstepimage", (await EmulatorClient.ErrorAsync(create)).Message, StringComparison.Ordinal);
    }
}
