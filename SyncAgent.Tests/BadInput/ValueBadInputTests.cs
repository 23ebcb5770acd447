namespace CrmSync.SyncAgent.Tests.BadInput;

/// <summary>
/// Bad values (issue 7 catalogue): values either travel verbatim (any Unicode) or, when a side refuses them, are
/// reported where the user looks (sync-result activity, Marketo activity log, status) while the rest of the cycle
/// lands. Column lengths are the emulator's (contact jobtitle 100, firstname 50); Marketo text fields hold 255.
/// </summary>
public sealed class ValueBadInputTests
{
    public static TheoryData<string, string> Verbatim() => new()
    {
        { "emoji", "Head of 🚀 Growth 👩🏽‍💻" },
        { "right-to-left", "مدير التسويق" },
        { "mixed direction", "CEO \u202Eevil\u202C שלום" },
        { "combining marks", "Zoe\u0308 Cafe\u0301" },
        { "CJK", "マーケティング部長" },
        { "control characters", "tab\there\r\nnewline" },
        { "markup", "<script>alert('x')</script>" },
        { "formula", "=HYPERLINK(\"http://x\")" },
    };

    [Theory]
    [MemberData(nameof(Verbatim))]
    public async Task MarketoToDynamics_UnusualText_ArrivesVerbatim(string name, string value)
    {
        await using var h = await BadInputHarness.StartAsync();
        h.Sut.EditInMarketo(h.TargetPerson, ("title", value));

        await h.RunAsync();

        Assert.True(value == (string?)h.Sut.DynamicsValue("contact", h.Target, "jobtitle"), name);
    }

    [Theory]
    [MemberData(nameof(Verbatim))]
    public async Task DynamicsToMarketo_UnusualText_ArrivesVerbatim(string name, string value)
    {
        await using var h = await BadInputHarness.StartAsync();
        h.Sut.UpdateAsMaker("contact", h.Target, ("jobtitle", value));

        await h.RunAsync();

        Assert.True(value == (string?)h.Sut.MarketoValue(h.TargetPerson, "title"), name);
    }

    [Fact]
    public async Task MarketoToDynamics_PastTheColumnLength_RejectedOnBothSidesAndInStatus()
    {
        await using var h = await BadInputHarness.StartAsync();
        h.Sut.EditInMarketo(h.TargetPerson, ("title", new string('x', 101)));

        var report = await h.RunAsync();

        Assert.Equal(1, report.Record.Rejections);
        Assert.Equal("Original", h.Sut.DynamicsValue("contact", h.Target, "jobtitle"));
        await h.AssertRejectedInStatusAsync("title");
        h.AssertActivitiesOnBothSides(h.Target, h.TargetPerson, "title");
    }

    [Fact]
    public async Task MarketoToDynamics_LongNoteIntoMemo_RejectedWithBoundedMessages()
    {
        // Marketo text areas hold 65,535 characters; the contact description memo 2,000. (The 1 MB note is in Plugins.Tests.)
        await using var h = await BadInputHarness.StartAsync(s => MappingWith(s, ("billingStreet", "description")));
        var note = string.Concat(Enumerable.Repeat("note ", 13_107));
        h.Sut.EditInMarketo(h.TargetPerson, ("billingStreet", note));

        var report = await h.RunAsync();

        Assert.Equal(1, report.Record.Rejections);
        Assert.Null(h.Sut.DynamicsValue("contact", h.Target, "description"));
        var rejection = await h.AssertRejectedInStatusAsync("billingStreet");
        Assert.True(rejection.Message.Length < 4000, "the message does not carry the note");
        h.AssertActivitiesOnBothSides(h.Target, h.TargetPerson, "billingStreet");
        Assert.True(((string?)Assert.Single(h.Sut.SyncResultsRegarding(h.Target))["description"])!.Length <= 2000, "the activity description fits its column");
    }

    /// <summary>The default contact mapping plus <paramref name="extra"/> (Marketo field, Dynamics column).</summary>
    internal static void MappingWith(Dictionary<string, string?> settings, params (string Marketo, string Dynamics)[] extra)
    {
        var maps = SyncAgent.Engine.DefaultFieldMapping.Maps.Where(m => m.Entity == SyncAgent.Engine.SyncEntity.Contact)
            .Select(m => (m.Marketo, m.Dynamics, Direction: m.Direction)).Concat(extra.Select(e => (e.Marketo, e.Dynamics, Direction: SyncAgent.Engine.FieldDirection.Both))).ToList();
        for (var i = 0; i < maps.Count; i++)
        {
            settings[$"CrmSync:Sync:Fields:{i}:Marketo"] = maps[i].Marketo;
            settings[$"CrmSync:Sync:Fields:{i}:Dynamics"] = maps[i].Dynamics;
            settings[$"CrmSync:Sync:Fields:{i}:Entities:0"] = "contact";
            if (maps[i].Direction == SyncAgent.Engine.FieldDirection.ToMarketo)
            {
                settings[$"CrmSync:Sync:Fields:{i}:Direction"] = "toMarketo";
            }
        }
    }

    [Fact]
    public async Task MarketoToDynamics_NullForRequiredColumn_RejectedOnBothSidesAndInStatus()
    {
        await using var h = await BadInputHarness.StartAsync();
        h.Sut.Dataverse.Admin.AddValidationRule(new DataverseEmulator.Admin.ValidationRule(
            "contact", "lastname", v => v is null or "", "Last Name: Required fields must be filled in."));
        h.Sut.EditInMarketo(h.TargetPerson, ("lastName", null));

        var report = await h.RunAsync();

        Assert.Equal(1, report.Record.Rejections);
        Assert.Equal("Target", h.Sut.DynamicsValue("contact", h.Target, "lastname"));
        await h.AssertRejectedInStatusAsync("Required");
        h.AssertActivitiesOnBothSides(h.Target, h.TargetPerson, "Required fields");
    }
}
