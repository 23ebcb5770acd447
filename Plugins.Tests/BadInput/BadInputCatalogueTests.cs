using System.Text.Json;
using CrmSync.Plugins.Tests.Harness;
using Microsoft.Xrm.Sdk;
using static CrmSync.Plugins.Tests.Harness.Records;

namespace CrmSync.Plugins.Tests.BadInput;

/// <summary>
/// The issue 7 bad-input catalogue through the plug-in: whatever a user or an integration saves on a lead, the plug-in
/// never throws (the save never fails because of CrmSync) and stages a row whose changes are valid JSON carrying the
/// value as it was, or — when the row could not be stored — stages nothing and traces why.
/// </summary>
public sealed class BadInputCatalogueTests
{
    public static TheoryData<string, string, object?> Values() => new()
    {
        { "invalid email", "emailaddress1", "not-an-email" },
        { "two at signs", "emailaddress1", "two@@example.com" },
        { "non-ASCII email", "emailaddress1", "josé@exämple.com" },
        { "emoji", "firstname", "Ada 🚀👩🏽‍💻" },
        { "right-to-left", "lastname", "لوفلايس" },
        { "bidi override", "lastname", "\u202Eecalvol\u202C" },
        { "lone surrogate", "firstname", "bad \uD800 half" },
        { "control characters", "firstname", "tab\t nul\0 bell\a" },
        { "quotes and backslashes", "lastname", "O'Brien \"the\" \\ back" },
        { "past the column length", "lastname", new string('x', 5000) },
        { "null for a required column", "lastname", null },
        { "empty string", "firstname", "" },
        { "wrong type: number in text", "firstname", 42 },
        { "wrong type: text in number", "numberofemployees", "many" },
        { "wrong type: option set in text", "lastname", new OptionSetValue(3) },
        { "unknown option-set value", "leadqualitycode", new OptionSetValue(999999) },
        { "negative option-set value", "leadqualitycode", new OptionSetValue(-1) },
        { "huge money", "revenue", new Money(decimal.MaxValue) },
        { "money null", "revenue", new Money() },
        { "decimal extreme", "exchangerate", decimal.MinValue },
        { "date at the minimum", "lastusedincampaign", DateTime.MinValue },
        { "unspecified-kind date", "lastusedincampaign", new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Unspecified) },
        { "reference with empty id", "parentcontactid", new EntityReference("contact", Guid.Empty) },
        { "reference to unknown table", "parentcontactid", new EntityReference("nosuchtable", Guid.NewGuid()) },
        { "boolean as text", "donotemail", "yes" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Execute_CreateWithBadValue_NeverThrowsAndStagesValidJson(string name, string attribute, object? value)
    {
        var sut = PluginHarness.CreateSut().Create(Lead(("emailaddress1", "ada@example.com"), (attribute, value)));

        var exception = Record.Exception(() => sut.Execute());

        Assert.True(exception is null, $"{name}: {exception}");
        AssertStagedOrTraced(sut, attribute, name);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Execute_UpdateWithBadValue_NeverThrowsAndStagesValidJson(string name, string attribute, object? value)
    {
        var sut = PluginHarness.CreateSut().Update(Lead((attribute, value)), Lead((attribute, "before")));

        var exception = Record.Exception(() => sut.Execute());

        Assert.True(exception is null, $"{name}: {exception}");
        AssertStagedOrTraced(sut, attribute, name);
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(4 * 1024 * 1024)]
    public void Execute_OneMegabyteNote_NeverThrowsAndTracesWhenTheRowWouldNotFit(int length)
    {
        var sut = PluginHarness.CreateSut().Update(Lead(("lastname", new string('n', length))), Lead(("lastname", "before")));

        var exception = Record.Exception(() => sut.Execute());

        Assert.Null(exception);
        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("exceed the staging column"), string.Join("\n", sut.Tracing.Lines));
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(4 * 1024 * 1024)]
    public void Execute_OneMegabyteNoteBesideOtherChanges_StagesTheOthers(int length)
    {
        var sut = PluginHarness.CreateSut().Update(
            Lead(("lastname", new string('n', length)), ("firstname", "Grace")),
            Lead(("lastname", "before"), ("firstname", "Ada")));

        var exception = Record.Exception(() => sut.Execute());

        Assert.Null(exception);
        Assert.Equal(["firstname"], sut.ChangedAttributes());
        Assert.True(sut.Tracing.Contains("attribute lastname left out"), string.Join("\n", sut.Tracing.Lines));
    }

    private static void AssertStagedOrTraced(PluginHarness sut, string attribute, string name)
    {
        if (sut.Service.Created.Count == 0)
        {
            Assert.True(sut.Tracing.Lines.Count > 0, $"{name}: nothing staged and nothing traced");
            return;
        }

        var changes = sut.Changes();
        Assert.Equal(JsonValueKind.Object, changes.ValueKind);
        Assert.True(changes.TryGetProperty(attribute, out _) || sut.Tracing.Lines.Count > 0, $"{name}: {changes}");
    }
}
