using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.BadInput;

/// <summary>
/// Bad records (issue 7 catalogue): each is handled harmlessly or reported where the user looks (status, the
/// sync-result activity on the Dynamics record), and the bystander's changes in the same cycle land.
/// </summary>
public sealed class RecordBadInputTests
{
    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("spaces in@example.com")]
    public async Task NewContact_InvalidEmail_RejectedByMarketoWithTheReasonOnTheRecordAndInStatus(string email)
    {
        await using var h = await BadInputHarness.StartAsync();
        var bad = h.Sut.CreateAsMaker("contact", ("lastname", "BadEmail"), ("emailaddress1", email));

        await h.RunAsync();

        Assert.Null(await h.Sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, bad)));
        var rejection = await h.AssertRejectedInStatusAsync("email");
        Assert.Equal("1003", rejection.ErrorCode);
        Assert.Contains("email", (string?)Assert.Single(h.Sut.SyncResultsRegarding(bad))["description"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NewContact_NonAsciiEmail_HandledVisibly()
    {
        await using var h = await BadInputHarness.StartAsync();
        var contact = h.Sut.CreateAsMaker("contact", ("lastname", "Idn"), ("emailaddress1", "josé@exämple.com"));

        await h.RunAsync();

        // Linked with the address verbatim, or refused by Marketo with the reason shown: never silently dropped.
        if (await h.Sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, contact)) is { } link)
        {
            Assert.Equal("josé@exämple.com", h.Sut.MarketoValue(link.MarketoId, "email"));
        }
        else
        {
            await h.AssertRejectedInStatusAsync("email");
        }
    }

    [Fact]
    public async Task NewContacts_DuplicateEmailInOneCycle_FirstLinkedSecondReported()
    {
        // Found by this catalogue: the second record was dropped without a word (only a plan statistic).
        await using var h = await BadInputHarness.StartAsync();
        var first = h.Sut.CreateAsMaker("contact", ("lastname", "DupA"), ("emailaddress1", "dup@example.com"));
        var second = h.Sut.CreateAsMaker("contact", ("lastname", "DupB"), ("emailaddress1", "dup@example.com"));

        await h.RunAsync();

        // Both staged in the same instant: either may come first; exactly one is linked and the other reported.
        var linked = await h.Sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, first)) is null ? second : first;
        var other = linked == first ? second : first;
        Assert.NotNull(await h.Sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, linked)));
        Assert.Null(await h.Sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, other)));
        Assert.Single(h.Sut.Marketo.Admin.FindPersonsByEmail("dup@example.com"));
        var rejection = await h.AssertRejectedInStatusAsync("shares the email");
        Assert.Equal(("duplicate-email", new RecordKey(SyncEntity.Contact, other)), (rejection.ErrorCode, rejection.Record));
        Assert.Single(h.Sut.SyncResultsRegarding(other));
    }

    [Fact]
    public async Task NewContact_EmailOfAPersonLinkedElsewhere_ReportedNotRelinked()
    {
        await using var h = await BadInputHarness.StartAsync();
        var copy = h.Sut.CreateAsMaker("contact", ("lastname", "Copy"), ("emailaddress1", "target@example.com"));

        await h.RunAsync();

        Assert.Equal(h.TargetPerson, await h.Sut.LinkedPersonAsync("contact", h.Target));
        Assert.Null(await h.Sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, copy)));
        Assert.Equal("duplicate-email", (await h.AssertRejectedInStatusAsync("already linked")).ErrorCode);
    }

    [Fact]
    public async Task MarketoChange_UnknownPerson_WritesNothingAndReportsNothing()
    {
        await using var h = await BadInputHarness.StartAsync();
        var stranger = h.Sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "stranger@example.com", ["lastName"] = "Stranger" });
        h.Sut.EditInMarketo(stranger, ("title", "Not linked"));
        var contacts = h.Sut.Dataverse.Admin.Count("contact");

        await h.RunAsync();

        Assert.Equal(contacts, h.Sut.Dataverse.Admin.Count("contact"));
        Assert.Null(await h.Sut.State.FindLinkAsync(stranger));
        Assert.Empty(await h.Sut.State.SearchRejectionsAsync(new RejectionQuery()));
    }

    [Fact]
    public async Task PersonDeletedInMarketo_RecordUnlinkedAndReported()
    {
        // Found by this catalogue: the record was unlinked silently; its later changes had nowhere to go unseen.
        await using var h = await BadInputHarness.StartAsync();
        h.Sut.Marketo.Admin.DeletePerson((int)h.TargetPerson);
        h.Sut.UpdateAsMaker("contact", h.Target, ("jobtitle", "After delete"));

        await h.RunAsync();

        Assert.Null(await h.Sut.State.FindLinkAsync(h.TargetPerson));
        Assert.Equal("After delete", h.Sut.DynamicsValue("contact", h.Target, "jobtitle"));
        Assert.Equal("1004", (await h.AssertRejectedInStatusAsync("deleted in Marketo")).ErrorCode);
        Assert.Contains("deleted in Marketo", (string?)Assert.Single(h.Sut.SyncResultsRegarding(h.Target))["description"], StringComparison.Ordinal);
        Assert.Equal(1, h.Sut.Marketo.Admin.PersonCount); // nothing re-created behind the user's back
    }

    [Fact]
    public async Task DynamicsToMarketo_PastTheMarketoFieldLength_RejectedWithTheReason()
    {
        await using var h = await BadInputHarness.StartAsync(s => ValueBadInputTests.MappingWith(s, ("department", "description")));
        h.Sut.UpdateAsMaker("contact", h.Target, ("description", new string('d', 300)), ("jobtitle", "Lands"));

        await h.RunAsync();

        Assert.Equal("1003", (await h.AssertRejectedInStatusAsync("maximum length")).ErrorCode);
        Assert.Single(h.Sut.SyncResultsRegarding(h.Target));
    }

    [Fact]
    public async Task DynamicsToMarketo_WrongTypeForTheMarketoField_RejectedWithTheReason()
    {
        // A text column mapped onto an integer Marketo field (fields --check warns; here it slipped through).
        await using var h = await BadInputHarness.StartAsync(s => ValueBadInputTests.MappingWith(s, ("numberOfEmployees", "description")));
        h.Sut.UpdateAsMaker("contact", h.Target, ("description", "a few hundred"));

        await h.RunAsync();

        var rejection = Assert.Single(await h.Sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal(new RecordKey(SyncEntity.Contact, h.Target), rejection.Record);
        Assert.Contains("numberOfEmployees", rejection.Message + string.Join(",", rejection.Fields.Select(f => f.Field)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldRemovedFromMapping_NoLongerSyncedEitherWayAndNothingElseLost()
    {
        // Stale staging rows that carry only an unmapped column are quarantined naming `fields --apply` (PoisonDataTests).
        await using var trimmed = await BadInputHarness.StartAsync(s =>
        {
            ValueBadInputTests.MappingWith(s);
            var title = s.Single(p => p.Value == "jobtitle").Key.Replace(":Dynamics", string.Empty, StringComparison.Ordinal);
            s[title + ":Dynamics"] = "description";
            s[title + ":Marketo"] = "department";
        });
        trimmed.Sut.EditInMarketo(trimmed.TargetPerson, ("title", "Not synced any more"));
        trimmed.Sut.UpdateAsMaker("contact", trimmed.Target, ("jobtitle", "Only this"), ("address1_line1", "1 Main St"));

        var report = await trimmed.RunAsync();

        Assert.Equal("Only this", trimmed.Sut.DynamicsValue("contact", trimmed.Target, "jobtitle"));
        Assert.Equal("Not synced any more", trimmed.Sut.MarketoValue(trimmed.TargetPerson, "title"));
        Assert.Equal("1 Main St", trimmed.Sut.MarketoValue(trimmed.TargetPerson, "address"));
        Assert.Equal(0, report.Record.Rejections);
    }
}
