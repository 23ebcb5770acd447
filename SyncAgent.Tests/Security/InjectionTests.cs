using System.Globalization;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Reliability;

namespace CrmSync.SyncAgent.Tests.Security;

/// <summary>
/// Injection attempts in synced data do nothing (issue 7): OData <c>$filter</c> literals, Marketo query strings
/// (<c>filterValues</c> is comma-separated) and SQL in the state store get hostile values as plain data. A victim
/// person and record stay untouched, every request of the sync user succeeds, and the values round-trip verbatim.
/// </summary>
public sealed class InjectionTests
{
    public static TheoryData<string> Hostile() =>
    [
        "x' or 1 eq 1 or lastname eq 'y",
        "a&filterType=id&filterValues=1",
        "victim@example.com,x",
        "Robert'); DROP TABLE links;--",
        "%27%20or%20%271%27%3D%271",
        "#fragment?$top=1",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Cycle_HostileValuesInNameAndEmail_SyncVerbatimAndTouchNothingElse(string hostile)
    {
        await using var sut = await SyncHarness.StartAsync();
        var victimContact = sut.CreateAsMaker("contact", ("lastname", "Victim"), ("emailaddress1", "victim@example.com"));
        await sut.RunCycleAsync();
        var victimPerson = await sut.LinkedPersonAsync("contact", victimContact);
        var email = $"h{Math.Abs(hostile.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture)}@example.com";

        var contact = sut.CreateAsMaker("contact", ("lastname", hostile), ("firstname", hostile), ("emailaddress1", email));
        var marketoOnly = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "m" + email, ["lastName"] = hostile, ["firstName"] = hostile });
        var report = await sut.RunCycleAsync();
        var (exit, output, _) = await HarnessCli.RunAsync(sut, "sync-person", marketoOnly.ToString(CultureInfo.InvariantCulture), "--as", "contact");
        sut.EditInMarketo(await sut.LinkedPersonAsync("contact", contact), ("city", hostile));
        await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.True(exit == 0, output);
        var person = await sut.LinkedPersonAsync("contact", contact);
        Assert.Equal((hostile, hostile), (sut.MarketoValue(person, "lastName"), sut.MarketoValue(person, "firstName")));
        Assert.Equal(hostile, sut.DynamicsValue("contact", contact, "address1_city"));
        var created = (await sut.State.FindLinkAsync(marketoOnly))?.Record ?? throw new Xunit.Sdk.XunitException("sync-person did not link.");
        Assert.Equal(hostile, sut.DynamicsValue("contact", created.Id, "lastname"));

        // Nothing else was touched, nothing was refused as malformed, the state store kept the values as data.
        Assert.Equal(("Victim", "victim@example.com"), (sut.MarketoValue(victimPerson, "lastName"), sut.MarketoValue(victimPerson, "email")));
        Assert.Equal(victimPerson, await sut.LinkedPersonAsync("contact", victimContact));
        Assert.Equal(3, sut.Marketo.Admin.PersonCount);
        Assert.Equal(3, sut.Dataverse.Admin.Count("contact"));
        Assert.DoesNotContain(sut.Dataverse.Admin.RequestLog, r => r.UserId == sut.SyncUserId && r.Status is >= 400 and < 500);
        Assert.DoesNotContain(sut.Marketo.Admin.GetRequestLog(), r => r.ErrorCode is "1003" or "609" or "610" or "1001");
        Assert.Equal(3, await sut.State.CountLinksAsync());
    }
}
