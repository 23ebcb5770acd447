using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Reliability;

namespace CrmSync.SyncAgent.Tests.Repair;

/// <summary>Issue 15, repair (DESIGN B18): <c>crmsync rejections retry</c> after the cause was fixed.</summary>
public sealed class RejectionRetryTests
{
    private const string RuleMessage = "Job titles must not start with 'Bad'.";

    [Fact]
    public async Task Retry_AfterTheValidationRuleIsRemoved_NextCycleWritesTheValueAndClosesTheRejection()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, rule) = await RejectedTitleAsync(sut);
        var idle = await sut.RunCycleAsync();
        Assert.Equal("Original", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Equal(0, idle.Record.CrmWritten);

        Assert.True(sut.Dataverse.Admin.RemoveValidationRule(rule));
        var retry = await HarnessCli.RunAsync(sut, "rejections", "retry", "--id", "1");
        var retried = await sut.RunCycleAsync();

        Assert.Equal(0, retry.ExitCode);
        Assert.Contains("1 rejection(s) will be retried by the next cycle: #1.", retry.Output, StringComparison.Ordinal);
        Assert.True(retried.Completed, retried.Record.Message);
        Assert.Equal((1, 0), (retried.Record.CrmWritten, retried.Record.Rejections));
        Assert.Equal("Bad title", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Empty(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        var closed = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery { IncludeResolved = true }));
        Assert.True(closed.Resolved);

        var status = await HarnessCli.RunAsync(sut, "status");
        Assert.Contains("Open rejections (0)", status.Output, StringComparison.Ordinal);
        Assert.Contains("Resolved rejections (latest 1)", status.Output, StringComparison.Ordinal);

        var after = await sut.RunCycleAsync();
        Assert.Equal((0, 0), (after.Record.CrmWritten, after.Record.MarketoWritten));
    }

    [Fact]
    public async Task Retry_ByCodeWhileTheRuleStillHolds_ClosesTheOldRejectionAndOpensANewOne()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, _) = await RejectedTitleAsync(sut);

        var retry = await HarnessCli.RunAsync(sut, "rejections", "retry", "--code", "0x80040265");
        var again = await sut.RunCycleAsync();

        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(1, again.Record.Rejections);
        Assert.Equal("Original", sut.DynamicsValue("contact", contact, "jobtitle"));
        var open = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal((2L, "Bad title"), (open.Id, Assert.Single(open.Fields).Value.Text));
        var all = await sut.State.SearchRejectionsAsync(new RejectionQuery { IncludeResolved = true });
        Assert.True(Assert.Single(all, r => r.Id == 1).Resolved);
    }

    [Theory]
    [InlineData(new[] { "rejections", "retry" }, 2, "crmsync rejections retry: choose exactly one of --id, --code or --all.")]
    [InlineData(new[] { "rejections", "retry", "--id", "1", "--all" }, 2, "crmsync rejections retry: choose exactly one of --id, --code or --all.")]
    public async Task Retry_BadOptions_Exit2(string[] args, int exitCode, string message)
    {
        await using var sut = await SyncHarness.StartAsync();

        var result = await HarnessCli.RunAsync(sut, args);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(message, result.Error.Trim());
    }

    [Fact]
    public async Task Retry_UnknownId_SaysSoAndExits1()
    {
        await using var sut = await SyncHarness.StartAsync();

        var result = await HarnessCli.RunAsync(sut, "rejections", "retry", "--id", "42");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No open rejection #42.", result.Output, StringComparison.Ordinal);
    }

    private static async Task<(Guid Contact, ValidationRule Rule)> RejectedTitleAsync(SyncHarness sut)
    {
        var contact = sut.CreateAsMaker("contact", ("lastname", "Retry"), ("emailaddress1", "retry@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var rule = ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", RuleMessage);
        sut.Dataverse.Admin.AddValidationRule(rule);
        sut.EditInMarketo(await sut.LinkedPersonAsync("contact", contact), ("title", "Bad title"));
        var rejected = await sut.RunCycleAsync();
        Assert.Equal(1, rejected.Record.Rejections);
        return (contact, rule);
    }
}
