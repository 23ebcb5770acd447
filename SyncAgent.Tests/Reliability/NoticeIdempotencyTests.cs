using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// Found by the crash-consistency trials: an agent killed after Marketo accepted a rejection's custom activity and
/// before its marker was cleared sent the activity again on restart (two entries in the person's activity log).
/// </summary>
public sealed class NoticeIdempotencyTests
{
    [Fact]
    public async Task SendPending_AttemptedNoticeAlreadyInMarketoLog_IsNotSentAgain()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (notice, person) = await RejectedAsync(sut);

        // What a crash between Add Custom Activities and the marker commit leaves behind.
        await SetMarkerAsync(sut, notice with { DynamicsSent = true, MarketoSent = false, MarketoAttempted = true });
        await sut.Services.GetRequiredService<RejectionNotifier>().SendPendingAsync(CancellationToken.None);

        Assert.Single(sut.SyncResultActivitiesOf(person));
        Assert.Empty(await sut.State.GetMarkersAsync());
    }

    [Fact]
    public async Task SendPending_AttemptedNoticeNotInMarketoLog_IsSentOnce()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (notice, person) = await RejectedAsync(sut);
        var other = notice with { RejectionId = notice.RejectionId + 1000, Message = "Another rejection", DynamicsSent = true, MarketoAttempted = true };

        // A crash after the attempt was recorded and before the call reached Marketo.
        await SetMarkerAsync(sut, other);
        await sut.Services.GetRequiredService<RejectionNotifier>().SendPendingAsync(CancellationToken.None);
        await sut.Services.GetRequiredService<RejectionNotifier>().SendPendingAsync(CancellationToken.None);

        Assert.Equal(2, sut.SyncResultActivitiesOf(person).Count);
        Assert.Empty(await sut.State.GetMarkersAsync());
    }

    private static async Task<(RejectionNotice Notice, long Person)> RejectedAsync(SyncHarness sut)
    {
        var contact = sut.CreateAsMaker("contact", ("lastname", "Notice"), ("emailaddress1", "notice@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.Dataverse.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", MixedScenario.RuleMessage));
        sut.EditInMarketo(person, ("title", "Bad title"));
        var report = await sut.RunCycleAsync();
        Assert.Equal(1, report.Record.Rejections);
        Assert.Single(sut.SyncResultActivitiesOf(person));
        var rejection = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        return (RejectionNotice.For(rejection.Id, rejection), person);
    }

    private static async Task SetMarkerAsync(SyncHarness sut, RejectionNotice notice)
    {
        await using var transaction = await sut.State.BeginAsync();
        await transaction.SetMarkerAsync(notice.MarkerName, notice.ToJson());
        await transaction.CommitAsync();
    }
}
