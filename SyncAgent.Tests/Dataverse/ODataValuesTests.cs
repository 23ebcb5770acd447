using System.Text.Json;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Staging;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// Web API value shapes: learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api
// (choices as integers, money as numbers, lookups via "nav@odata.bind": "/set(id)").
public class ODataValuesTests
{
    [Fact]
    public void ToBody_EveryKind_WebApiJson()
    {
        var contact = Guid.Parse("c0000000-0000-0000-0000-000000000003");
        var account = Guid.Parse("a0000000-0000-0000-0000-0000000000aa");
        var body = ODataValues.ToBody(new Uri(DataverseTestHost.ServiceRoot), new Dictionary<string, ChangeValue>
        {
            ["jobtitle"] = ChangeValue.FromString("CTO"),
            ["numberofemployees"] = ChangeValue.FromNumber(42),
            ["donotemail"] = ChangeValue.FromBoolean(false),
            ["leadsourcecode"] = ChangeValue.FromOptionSet(3),
            ["revenue"] = ChangeValue.FromMoney(12.5m),
            ["fax"] = ChangeValue.Null,
            ["parentcontactid"] = ChangeValue.FromReference("contact", contact),
            ["parentcustomerid"] = ChangeValue.FromReference("account", account),
        });

        Assert.Equal(
            $$"""{"jobtitle":"CTO","numberofemployees":42,"donotemail":false,"leadsourcecode":3,"revenue":12.5,"fax":null,"parentcontactid@odata.bind":"{{DataverseTestHost.ServiceRoot}}contacts({{contact:D}})","parentcustomerid_account@odata.bind":"{{DataverseTestHost.ServiceRoot}}accounts({{account:D}})"}""",
            body.ToJsonString());
    }

    [Theory]
    [InlineData("\"x\"", "x")]
    [InlineData("3", "3")]
    [InlineData("12.50", "12.5")]
    [InlineData("true", "true")]
    [InlineData("null", "")]
    public void FromJson_Primitive_SameTextAsStagedValue(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);

        Assert.Equal(expected, ODataValues.FromJson(doc.RootElement)!.ToString());
    }

    [Fact]
    public void FromJson_OptionSetNumber_ComparesEqualToStagedChoiceText()
    {
        using var doc = JsonDocument.Parse("3");

        Assert.Equal(ChangeValue.FromOptionSet(3).ToString(), ODataValues.FromJson(doc.RootElement)!.ToString());
    }
}
