namespace CrmSync.MarketoEmulator.Tests.Limits;

/// <summary>
/// Limits from https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/marketo-integration-best-practices
/// (100 calls / 20 s, 10 concurrent, daily quota resetting at 12:00AM CST) and codes 606/607/615 from
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes.
/// </summary>
public sealed class LimitTests
{
    [Fact]
    public async Task RateLimit_101stCallWithin20Seconds_Returns606UntilWindowSlides()
    {
        await using var sut = await TestEmulator.CreateSut();
        for (var i = 0; i < 100; i++)
        {
            Assert.Null((await sut.GetAsync("rest/v1/leads/describe.json")).ErrorCode());
        }

        var limited = await sut.GetAsync("rest/v1/leads/describe.json");
        sut.Clock.Advance(TimeSpan.FromSeconds(20));
        var after = await sut.GetAsync("rest/v1/leads/describe.json");

        Assert.Equal("606", limited.ErrorCode());
        Assert.Equal("Max rate limit '100' exceeded with in '20' secs", limited.GetProperty("errors")[0].Str("message"));
        Assert.Null(after.ErrorCode());
        Assert.Equal(101, sut.Emulator.Admin.GetCounters().QuotaUsedToday);
    }

    [Fact]
    public async Task Concurrency_EleventhCallWhileTenAreHeld_Returns615()
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.TokenAsync();
        sut.Emulator.Admin.Faults.Delay = TimeSpan.FromSeconds(5);
        var held = Enumerable.Range(0, 10).Select(_ => sut.GetAsync("rest/v1/leads/describe.json")).ToArray();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await sut.Emulator.Admin.WaitForDelayedCallsAsync(10, timeout.Token);

        var eleventh = await sut.GetAsync("rest/v1/leads/describe.json");
        sut.Clock.Advance(TimeSpan.FromSeconds(5));
        var released = await Task.WhenAll(held).WaitAsync(timeout.Token);

        Assert.Equal("615", eleventh.ErrorCode());
        Assert.All(released, r => Assert.Null(r.ErrorCode()));
        Assert.Equal(0, sut.Emulator.Admin.InFlightCalls);
    }

    [Fact]
    public async Task DailyQuota_Exhausted_Returns607AndResetsAtMidnightCentral()
    {
        await using var sut = await TestEmulator.CreateSut(o => o.Limits.DailyQuota = 5);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null((await sut.GetAsync("rest/v1/leads/describe.json")).ErrorCode());
        }

        var exhausted = await sut.GetAsync("rest/v1/leads/describe.json");
        sut.Clock.Advance(TimeSpan.FromHours(19) + TimeSpan.FromMinutes(59));
        sut.ForgetToken(); // the first token expired during the jump
        var sameDay = await sut.GetAsync("rest/v1/leads/describe.json");
        sut.Clock.Advance(TimeSpan.FromMinutes(1));
        var nextDay = await sut.GetAsync("rest/v1/leads/describe.json");

        Assert.Equal("607", exhausted.ErrorCode());
        Assert.Equal("607", sameDay.ErrorCode());
        Assert.Null(nextDay.ErrorCode());
        Assert.Equal(1, sut.Emulator.Admin.GetCounters().QuotaUsedToday);
    }

    [Fact]
    public async Task Limits_ChangedAtRunTime_ApplyToNextCall()
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.GetAsync("rest/v1/leads/describe.json");

        sut.Emulator.Admin.Limits.RateLimitCalls = 1;
        var limited = await sut.GetAsync("rest/v1/leads/describe.json");
        sut.Emulator.Admin.Limits.Enabled = false;
        var unlimited = await sut.GetAsync("rest/v1/leads/describe.json");

        Assert.Equal("606", limited.ErrorCode());
        Assert.Null(unlimited.ErrorCode());
    }
}
