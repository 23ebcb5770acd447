using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Security;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Staging;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>The connector against the in-process Dataverse emulator (tools/DataverseEmulator), no solution imported.</summary>
public class DataverseClientEmulatorTests
{
    private static Dictionary<string, object?> StagingRow(string entity, Guid recordId, string message, string? changes, DateTime changedOn) => new()
    {
        ["crmsync_name"] = $"{message} {entity} {recordId}",
        ["crmsync_entity"] = entity,
        ["crmsync_recordid"] = recordId.ToString("D"),
        ["crmsync_message"] = message,
        ["crmsync_changes"] = changes,
        ["crmsync_changedon"] = changedOn,
    };

    [Fact]
    public async Task WhoAmIAsync_ClientCredentialsThroughDi_ReturnsTheSyncUser()
    {
        await using var dv = await EmulatorFixture.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Url"] = dv.BaseUrl,
            ["TenantId"] = "00000000-0000-0000-0000-000000000000",
            ["ClientId"] = "crmsync-sync",
            ["ClientSecret"] = "crmsync-sync-secret",
        }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddDataverseConnector(configuration).BuildServiceProvider();

        var whoAmI = await provider.GetRequiredService<DataverseClient>().WhoAmIAsync(CancellationToken.None);

        Assert.Equal(BuiltInUsers.Sync.Id, whoAmI.UserId);
        Assert.Equal(BuiltInUsers.OrganizationId, whoAmI.OrganizationId);
    }

    [Fact]
    public async Task ReadStagingPagesAsync_FiveRowsPageSizeTwo_InWriteOrderWithPoisonThenDeleted()
    {
        await using var dv = await EmulatorFixture.StartAsync();
        var lead = Guid.NewGuid();
        var t0 = new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
        // Written in this order; four in the same second (whole-second precision), so only versionnumber orders them.
        dv.Admin.BulkInsert("crmsync_syncevent",
        [
            StagingRow("lead", lead, "Create", """{"lastname":"Ada","leadsourcecode":{"optionset":3}}""", t0),
            StagingRow("lead", lead, "Update", "{broken", t0),
            StagingRow("lead", lead, "Update", """{"telephone1":null}""", t0),
            StagingRow("lead", lead, "Update", """{"jobtitle":"CTO"}""", t0),
            StagingRow("contact", Guid.NewGuid(), "Delete", null, t0.AddSeconds(1)),
        ]);
        var sut = EmulatorFixture.CreateClient(dv, o => o.PageSize = 2);

        var pages = new List<IReadOnlyList<StagingRow>>();
        await foreach (var page in sut.ReadStagingPagesAsync(CancellationToken.None))
        {
            pages.Add(page);
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        var rows = pages.SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Repeat(new DateTimeOffset(t0), 4).Append(new DateTimeOffset(t0.AddSeconds(1))), rows.Select(r => r.ChangedOn));
        Assert.Equal(ChangeValue.FromOptionSet(3), rows[0].Changes["leadsourcecode"]);
        Assert.True(rows[1].IsPoison);
        Assert.Equal(ChangeValue.Null, rows[2].Changes["telephone1"]);
        Assert.Equal(ChangeValue.FromString("CTO"), rows[3].Changes["jobtitle"]);
        Assert.Equal("Delete", rows[4].Message);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.VersionNumber < p.Second.VersionNumber), "rows not in versionnumber order");

        var deleted = await sut.DeleteStagingRowsAsync([.. rows.Select(r => r.StagingId)], CancellationToken.None);

        Assert.All(deleted, d => Assert.Equal(RecordWriteOutcome.Succeeded, d.Outcome));
        Assert.Equal(0, dv.Admin.Count("crmsync_syncevent"));
        var again = await sut.DeleteStagingRowsAsync([rows[0].StagingId], CancellationToken.None);
        Assert.Equal(RecordWriteOutcome.NotFound, Assert.Single(again).Outcome);
        Assert.True(again[0].Landed);
    }

    [Fact]
    public async Task ApplyWritesAsync_MixedBatch_EachRecordLandsOrFailsOnItsOwn()
    {
        await using var dv = await EmulatorFixture.StartAsync();
        var contact = dv.Admin.CreateRecord("contact", new Dictionary<string, object?> { ["lastname"] = "Lovelace", ["emailaddress1"] = "ada@example.com" });
        var lead = dv.Admin.CreateRecord("lead", new Dictionary<string, object?> { ["lastname"] = "Hopper" });
        dv.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "telephone1", "^[^+]", "Phone numbers must start with +."));
        var newLead = Guid.NewGuid();
        var deleted = Guid.NewGuid();
        var activity = Guid.NewGuid();
        var sut = EmulatorFixture.CreateClient(dv);
        RecordWrite[] writes =
        [
            RecordWrite.Update("update", "contact", contact, new JsonObject { ["jobtitle"] = "Analyst" }),
            RecordWrite.Update("rejected", "contact", contact, new JsonObject { ["telephone1"] = "555" }),
            RecordWrite.Create("create", "lead", newLead, new JsonObject { ["lastname"] = "Turing", ["emailaddress1"] = "alan@example.com" }),
            RecordWrite.Update("gone", "lead", deleted, new JsonObject { ["jobtitle"] = "x" }),
            SyncResultActivity.Create(sut.ServiceRoot, "activity", activity, "lead", lead, "Rejected update", "Phone numbers must start with +.", SyncResultTableOutcomeRejected, "telephone1", "1001"),
        ];

        var results = (await sut.ApplyWritesAsync(writes, CancellationToken.None)).ToDictionary(r => r.Write.Key);

        Assert.Equal(RecordWriteOutcome.Succeeded, results["update"].Outcome);
        Assert.Equal("Analyst", dv.Admin.GetRecord("contact", contact)!["jobtitle"]);
        Assert.Equal(RecordWriteOutcome.Rejected, results["rejected"].Outcome);
        Assert.Equal(HttpStatusCode.BadRequest, results["rejected"].Status);
        Assert.Equal("0x80040265", results["rejected"].ErrorCode);
        Assert.Contains("must start with +", results["rejected"].Message, StringComparison.Ordinal);
        Assert.Null(dv.Admin.GetRecord("contact", contact)!.GetValueOrDefault("telephone1"));
        Assert.Equal(RecordWriteOutcome.Succeeded, results["create"].Outcome);
        Assert.Equal("Turing", dv.Admin.GetRecord("lead", newLead)!["lastname"]);
        Assert.Equal(RecordWriteOutcome.NotFound, results["gone"].Outcome);
        Assert.Null(dv.Admin.GetRecord("lead", deleted));
        Assert.Equal(RecordWriteOutcome.Succeeded, results["activity"].Outcome);
        var stored = dv.Admin.GetRecord("crmsync_syncresult", activity)!;
        Assert.Equal("Rejected update", stored["subject"]);
        var regarding = Assert.IsType<Microsoft.Xrm.Sdk.EntityReference>(stored["regardingobjectid"]);
        Assert.Equal(("lead", lead), (regarding.LogicalName, regarding.Id));

        // The same create again (a retried cycle): 412, reported as already there, nothing duplicated or changed.
        var retry = Assert.Single(await sut.ApplyWritesAsync([RecordWrite.Create("create", "lead", newLead, new JsonObject { ["lastname"] = "Other" })], CancellationToken.None));
        Assert.Equal(RecordWriteOutcome.AlreadyExists, retry.Outcome);
        Assert.Equal("Turing", dv.Admin.GetRecord("lead", newLead)!["lastname"]);
    }

    private const int SyncResultTableOutcomeRejected = 1;

    [Fact]
    public async Task ReadAllAsync_SevenLeadsPageSizeThree_EveryLeadOnceInIdOrder()
    {
        await using var dv = await EmulatorFixture.StartAsync();
        var ids = dv.Admin.BulkInsert("lead", Enumerable.Range(0, 7).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["lastname"] = $"L{i}" }));
        var sut = EmulatorFixture.CreateClient(dv, o => o.PageSize = 3);

        var read = new List<Guid>();
        await foreach (var record in sut.ReadAllAsync("lead", ["lastname"], filter: null, CancellationToken.None))
        {
            read.Add(record.Id);
        }

        Assert.Equal(ids.Order(), read.Order());
        Assert.Equal(7, read.Distinct().Count());
        Assert.Equal(3, sut.Counter.Requests);
    }

    [Fact]
    public async Task GetColumnAccessAsync_SecuredColumnReadOnlyGrant_ReadableButNotSyncable()
    {
        await using var dv = await EmulatorFixture.StartAsync();
        dv.Admin.SecureColumn("contact", "mobilephone");
        dv.Admin.SecureColumn("contact", "telephone1");
        dv.Admin.GrantColumnAccess(BuiltInUsers.Sync.Id, "contact", "mobilephone", new ColumnGrant(CanRead: true, CanUpdate: false, CanCreate: false));
        var sut = EmulatorFixture.CreateClient(dv);

        var access = await sut.GetColumnAccessAsync("contact", BuiltInUsers.Sync.Id, CancellationToken.None);

        Assert.True(access.CanSync("emailaddress1"));
        Assert.NotNull(access.Find("emailaddress1")!.MaxLength);
        Assert.True(access.Find("mobilephone")!.IsSecured);
        Assert.True(access.Find("mobilephone")!.CanRead);
        Assert.False(access.CanSync("mobilephone"));
        Assert.False(access.Find("telephone1")!.CanRead);
    }

    [Fact]
    public async Task WhoAmIAsync_EmulatorThrottles_WaitsRetryAfterOnTheSharedClockThenSucceeds()
    {
        var time = new RecordingTimeProvider();
        await using var dv = await EmulatorFixture.StartAsync(time);
        dv.Admin.ServiceProtection = new ServiceProtectionLimits { RequestsPerWindow = 1, Window = TimeSpan.FromSeconds(60) };
        var sut = EmulatorFixture.CreateClient(dv, time: time);
        await sut.WhoAmIAsync(CancellationToken.None);

        var call = sut.WhoAmIAsync(CancellationToken.None);
        var wait = await time.WaitForTimerAsync(d => d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromSeconds(60));
        time.Advance(wait);
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(BuiltInUsers.Sync.Id, result.UserId);
        Assert.Equal(1, sut.Counter.Throttled);
        Assert.True(dv.Admin.Counters.Throttled >= 1);
    }

    [Fact]
    public async Task ApplyWritesAsync_EmulatorFailsTwice_BatchRetriedAndLandsOnce()
    {
        await using var dv = await EmulatorFixture.StartAsync();
        var sut = EmulatorFixture.CreateClient(dv);
        var id = Guid.NewGuid();
        dv.Admin.FailNextRequests(1, 503);
        dv.Admin.DropNextRequests(1);

        var result = Assert.Single(await sut.ApplyWritesAsync([RecordWrite.Create("k", "contact", id, new JsonObject { ["lastname"] = "Retry" })], CancellationToken.None));

        Assert.True(result.Landed);
        Assert.Equal(2, sut.Counter.Retries);
        Assert.Equal(1, dv.Admin.Count("contact"));
    }
}
