using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>B7: a Dynamics validation rule rejecting a Marketo → Dynamics update is reported on both sides, once.</summary>
public sealed class ValidationRuleTests
{
    private const string RuleMessage = "Job titles must not start with 'Bad'.";

    [Fact]
    public async Task Cycle_DynamicsRejectsUpdate_NotifiesBothSidesOnceAndAppliesOtherRecords()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (rejected, rejectedPerson, other, otherPerson) = await TwoLinkedContactsAsync(sut);

        sut.EditInMarketo(rejectedPerson, ("title", "Bad title"));
        sut.EditInMarketo(otherPerson, ("title", "Good title"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(1, report.Record.Rejections);
        Assert.Equal("Good title", sut.DynamicsValue("contact", other, "jobtitle"));
        Assert.Equal("Original", sut.DynamicsValue("contact", rejected, "jobtitle"));

        var activity = Assert.Single(sut.SyncResultsRegarding(rejected));
        Assert.Contains("title", (string?)activity["subject"], StringComparison.Ordinal);
        var description = (string?)activity["description"];
        Assert.Contains("Bad title", description, StringComparison.Ordinal);
        Assert.Contains(RuleMessage, description, StringComparison.Ordinal);
        Assert.Empty(sut.SyncResultsRegarding(other));

        var logged = Assert.Single(sut.SyncResultActivitiesOf(rejectedPerson));
        Assert.Contains(RuleMessage, logged.Attributes.Select(a => a.Value as string).OfType<string>().FirstOrDefault(v => v.Contains(RuleMessage, StringComparison.Ordinal)));
        Assert.Empty(sut.SyncResultActivitiesOf(otherPerson));

        var stored = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal((SyncDirection.ToDynamics, new RecordKey(SyncEntity.Contact, rejected), "0x80040265"), (stored.Direction, stored.Record, stored.ErrorCode));
        Assert.Equal("Bad title", Assert.Single(stored.Fields).Value.Text);
    }

    [Fact]
    public async Task Cycle_AfterRejection_ValueNotRetriedUntilFieldChangesAgain()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (rejected, rejectedPerson, _, _) = await TwoLinkedContactsAsync(sut);
        sut.EditInMarketo(rejectedPerson, ("title", "Bad title"));
        await sut.RunCycleAsync();

        // Another field of the same person changes: it lands, and the rejected title is not sent again.
        sut.EditInMarketo(rejectedPerson, ("city", "Porto"));
        var next = await sut.RunCycleAsync();
        var idle = await sut.RunCycleAsync();

        Assert.True(next.Completed, next.Record.Message);
        Assert.Equal("Porto", sut.DynamicsValue("contact", rejected, "address1_city"));
        Assert.Equal("Original", sut.DynamicsValue("contact", rejected, "jobtitle"));
        Assert.Equal((0, 0, 0), (next.Record.Rejections, idle.Record.Rejections, idle.Record.CrmWritten));
        Assert.Single(sut.SyncResultsRegarding(rejected));
        Assert.Single(sut.SyncResultActivitiesOf(rejectedPerson));
        Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));

        // The field changes again on one side: the new value is written and the rejection is resolved.
        sut.EditInMarketo(rejectedPerson, ("title", "Better title"));
        var resolved = await sut.RunCycleAsync();

        Assert.True(resolved.Completed, resolved.Record.Message);
        Assert.Equal("Better title", sut.DynamicsValue("contact", rejected, "jobtitle"));
        Assert.Empty(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Single(sut.SyncResultsRegarding(rejected));
    }

    private static async Task<(Guid Rejected, long RejectedPerson, Guid Other, long OtherPerson)> TwoLinkedContactsAsync(SyncHarness sut)
    {
        var rejected = sut.CreateAsMaker("contact", ("lastname", "Rejected"), ("emailaddress1", "rejected@example.com"), ("jobtitle", "Original"));
        var other = sut.CreateAsMaker("contact", ("lastname", "Other"), ("emailaddress1", "other@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        sut.Dataverse.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", RuleMessage));
        return (rejected, await sut.LinkedPersonAsync("contact", rejected), other, await sut.LinkedPersonAsync("contact", other));
    }
}
