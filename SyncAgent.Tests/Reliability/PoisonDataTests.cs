using CrmSync.Staging;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// Poison data (issue 7): staging rows that cannot be synced are quarantined with a visible reason (a rejection in
/// <c>crmsync status</c>), deleted from staging, and never block the good rows staged after them.
/// </summary>
public sealed class PoisonDataTests
{
    public static TheoryData<string, string, string> Rows() => new()
    {
        // case, changes JSON, the reason shown
        { "malformed JSON", "{\"telephone1\": \"555-", "not valid JSON" },
        { "not an object", "[1,2,3]", "JSON object" },
        { "unknown attribute", "{\"crmsync_nosuchcolumn\":\"x\"}", "crmsync_nosuchcolumn" },
        { "record deleted since", "{\"lastname\":\"Gone\"}", "no longer exists" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Cycle_PoisonRowBeforeGoodRows_QuarantinedWithReasonAndGoodRowsSynced(string name, string changes, string reason)
    {
        await using var sut = await SyncHarness.StartAsync();
        var good = sut.CreateAsMaker("contact", ("lastname", "Good"), ("emailaddress1", "good@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", good);

        // The poison row is staged first (older changedon), the good changes after it.
        var target = name == "record deleted since" ? Guid.NewGuid() : good;
        var message = name == "record deleted since" ? SyncMessages.Create : SyncMessages.Update;
        Stage(sut, target, message, changes, DateTime.UtcNow.AddMinutes(-5));
        sut.UpdateAsMaker("contact", good, ("telephone1", "555-0100"));
        var created = sut.CreateAsMaker("contact", ("lastname", "Behind"), ("emailaddress1", "behind@example.com"));

        var report = await sut.RunCycleAsync();
        var next = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("555-0100", sut.MarketoValue(person, "phone"));
        Assert.Equal("Behind", sut.MarketoValue(await sut.LinkedPersonAsync("contact", created), "lastName"));
        Assert.Equal(0, sut.StagingRowCount);
        var rejection = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Contains(reason, rejection.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((0, 0, 0), (next.Record.Rejections, next.Record.CrmWritten, next.Record.MarketoWritten));

        var (exitCode, output, _) = await HarnessCli.RunAsync(sut, "status", "--json");
        Assert.Equal(0, exitCode);
        Assert.Contains(reason, output, StringComparison.OrdinalIgnoreCase);
    }

    private static void Stage(SyncHarness sut, Guid record, string message, string changes, DateTime changedOn) =>
        sut.Dataverse.Admin.CreateRecord(SyncEventTable.LogicalName, new Dictionary<string, object?>
        {
            [SyncEventTable.Name] = $"{message} contact {record:D}",
            [SyncEventTable.Entity] = "contact",
            [SyncEventTable.RecordId] = record.ToString("D"),
            [SyncEventTable.Message] = message,
            [SyncEventTable.Changes] = changes,
            [SyncEventTable.ChangedOn] = changedOn,
        });
}
