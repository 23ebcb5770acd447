namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>
/// Issue 12 item 6: the doctor's and fields' reads follow <c>@odata.nextLink</c> (Web API "Page results":
/// learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results) instead of taking the first page.
/// </summary>
public sealed class DataverseClientPagingTests
{
    private const string NextRoles = DataverseTestHost.OrgUrl + "/api/data/v9.2/systemusers(0f5c1b7e-2d4a-4c8e-9b1a-00000000c001)/systemuserroles_association?$select=name&$skiptoken=page2";

    [Fact]
    public async Task GetUserRoleNamesAsync_TwoPages_ReturnsTheRolesOfBoth()
    {
        var handler = new FakeDataverseHandler()
            .EnqueueJson($$"""{"value":[{"name":"Salesperson"}],"@odata.nextLink":"{{NextRoles}}"}""")
            .EnqueueJson("""{"value":[{"name":"CrmSync Sync User"}]}""");
        var sut = DataverseTestHost.CreateSut(handler);

        var roles = await sut.GetUserRoleNamesAsync(Guid.Parse("0f5c1b7e-2d4a-4c8e-9b1a-00000000c001"), CancellationToken.None);

        Assert.Equal(["Salesperson", "CrmSync Sync User"], roles);
        Assert.Equal(
            "/api/data/v9.2/systemusers(0f5c1b7e-2d4a-4c8e-9b1a-00000000c001)/systemuserroles_association?$select=name&$skiptoken=page2",
            handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task GetPluginStepsAsync_StepsOnTwoPages_ReturnsEveryStep()
    {
        const string TypeId = "b0000000-0000-0000-0000-000000000001";
        const string Update = "20bebb1b-ea3e-db11-86a7-000a3a5473e8";
        const string LeadFilter = "c2c5bb1b-ea3e-db11-86a7-000a3a5473e8";
        const string NextSteps = DataverseTestHost.OrgUrl + "/api/data/v9.2/sdkmessageprocessingsteps?$skiptoken=page2";
        var handler = new FakeDataverseHandler()
            .EnqueueJson($$"""{"value":[{"plugintypeid":"{{TypeId}}"}]}""")
            .EnqueueJson($$"""
                {"value":[{"sdkmessageprocessingstepid":"f0000000-0000-0000-0000-000000000001","name":"CrmSync: Update of lead","stage":40,"mode":0,"statecode":0,
                  "_sdkmessageid_value":"{{Update}}","_sdkmessagefilterid_value":"{{LeadFilter}}"}],
                 "@odata.nextLink":"{{NextSteps}}"}
                """)
            .EnqueueJson($$"""
                {"value":[{"sdkmessageprocessingstepid":"f0000000-0000-0000-0000-000000000002","name":"CrmSync: Create of lead","stage":40,"mode":0,"statecode":0,
                  "_sdkmessageid_value":"{{Update}}","_sdkmessagefilterid_value":"{{LeadFilter}}"}]}
                """)
            .EnqueueJson($$"""{"value":[{"sdkmessageid":"{{Update}}","name":"Update"}]}""")
            .EnqueueJson($$"""{"value":[{"sdkmessagefilterid":"{{LeadFilter}}","primaryobjecttypecode":"lead"}]}""");
        var sut = DataverseTestHost.CreateSut(handler);

        var steps = await sut.GetPluginStepsAsync(CancellationToken.None);

        Assert.Equal(["CrmSync: Update of lead", "CrmSync: Create of lead"], steps.Select(s => s.Name));
        Assert.Equal(5, handler.Requests.Count);
        Assert.Equal("/api/data/v9.2/sdkmessageprocessingsteps?$skiptoken=page2", handler.Requests[2].PathAndQuery);
    }
}
