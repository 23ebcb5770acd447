using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmSync.MarketoEmulator.Faults;

namespace CrmSync.MarketoEmulator.Tests.Faults;

/// <summary>Injected faults use the codes of https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes.</summary>
public sealed class FaultTests
{
    [Theory]
    [InlineData(MarketoFaultKinds.AccessTokenInvalid, "601")]
    [InlineData(MarketoFaultKinds.AccessTokenExpired, "602")]
    [InlineData(MarketoFaultKinds.RequestTimeout, "604")]
    [InlineData(MarketoFaultKinds.SystemError, "611")]
    public async Task Fault_OfKind_AnswersItsCodeWithHttp200AndIsNotCounted(MarketoFaultKinds kind, string code)
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Emulator.Admin.Faults.Kinds = kind;
        sut.Emulator.Admin.Faults.Rate = 1;

        var body = await sut.GetAsync("rest/v1/leads/describe.json");

        Assert.Equal(code, body.ErrorCode());
        Assert.Equal(0, sut.Emulator.Admin.GetCounters().QuotaUsedToday);
    }

    [Fact]
    public async Task Fault_BadGateway_AnswersHttp502()
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Emulator.Admin.Faults.Kinds = MarketoFaultKinds.BadGateway;
        sut.Emulator.Admin.Faults.Rate = 1;

        using var response = await sut.SendRawAsync(HttpMethod.Get, "rest/v1/leads/describe.json", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, sut.Emulator.Admin.GetCounters().ErrorsByCode["502"]);
    }

    [Fact]
    public async Task Fault_RateHalf_FailsAboutHalfAndRepeatsForTheSameSeed()
    {
        var first = await RunAsync(seed: 42);
        var second = await RunAsync(seed: 42);

        var failures = first.Count(c => c is not null);
        Assert.InRange(failures, 70, 130);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Fault_Cleared_StopsFaults()
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Emulator.Admin.Faults.Rate = 1;
        sut.Emulator.Admin.Faults.Kinds = MarketoFaultKinds.SystemError;

        sut.Emulator.Admin.Faults.Clear();

        Assert.Null((await sut.GetAsync("rest/v1/leads/describe.json")).ErrorCode());
    }

    private static async Task<List<string?>> RunAsync(int seed)
    {
        await using var sut = await TestEmulator.CreateSut(o =>
        {
            o.FaultSeed = seed;
            o.Limits.Enabled = false;
        });
        sut.Emulator.Admin.Faults.Kinds = MarketoFaultKinds.All & ~MarketoFaultKinds.BadGateway;
        sut.Emulator.Admin.Faults.Rate = 0.5;
        var codes = new List<string?>();
        for (var i = 0; i < 200; i++)
        {
            codes.Add((await sut.GetAsync("rest/v1/leads/describe.json")).ErrorCode());
        }

        return codes;
    }
}
