using CrmSync.DataverseEmulator.Security;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Tests.EndToEnd;

namespace CrmSync.SyncAgent.Tests.Security;

/// <summary>
/// Column security (DESIGN B6, issue 7): a mapped column that became secured, without read/update privilege for the
/// sync user, is never requested ($select) nor written by a cycle; the other fields still sync. Asserted on the
/// Dataverse emulator's request log (requested and written columns of every sync-user request, batch parts included).
/// </summary>
public sealed class ColumnSecurityTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Cycle_SecuredColumnWithoutPrivilege_NeverRequestedNorWritten(bool canRead, bool canUpdate)
    {
        await using var sut = await SyncHarness.StartAsync();
        var existing = sut.CreateAsMaker("contact", ("lastname", "Secured"), ("emailaddress1", "secured@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", existing);
        sut.Dataverse.Admin.SecureColumn("contact", "jobtitle");
        sut.Dataverse.Admin.GrantColumnAccess(sut.SyncUserId, "contact", "jobtitle", new ColumnGrant(canRead, canUpdate, CanCreate: false));
        sut.Dataverse.Admin.ClearRequestLog();

        // Column access is cached for ten minutes (SyncUserAccess); a restarted agent reads it at once.
        await sut.RestartAgentAsync();

        // Changes on both sides of the secured column and of a plain one; a new contact without email in the staged row.
        sut.EditInMarketo(person, ("title", "From Marketo"), ("city", "Porto"));
        sut.UpdateAsMaker("contact", existing, ("telephone1", "555-0199"));
        var created = sut.CreateAsMaker("contact", ("lastname", "NewSecured"), ("jobtitle", "Secret title"));
        sut.UpdateAsMaker("contact", created, ("emailaddress1", "newsecured@example.com"));
        var report = await sut.RunCycleAsync();
        await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("Porto", sut.DynamicsValue("contact", existing, "address1_city"));
        Assert.Equal("555-0199", sut.MarketoValue(person, "phone"));
        Assert.Equal("Original", sut.DynamicsValue("contact", existing, "jobtitle")); // not written by the agent
        var sync = sut.Dataverse.Admin.RequestLog.Where(r => r.UserId == sut.SyncUserId).ToList();
        Assert.NotEmpty(sync);

        // A refused attempt is logged without its columns: no request may have failed, and nothing was rejected.
        Assert.DoesNotContain(sync, r => r.Status >= 400);
        Assert.Empty(await sut.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()));
        Assert.DoesNotContain(sync, r => r.WrittenColumns.Contains("jobtitle", StringComparer.OrdinalIgnoreCase) && r.Url.Contains("contact", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(sync, r => r.RequestedColumns.Contains("jobtitle", StringComparer.OrdinalIgnoreCase) && r.Url.Contains("contacts", StringComparison.OrdinalIgnoreCase));
    }
}
