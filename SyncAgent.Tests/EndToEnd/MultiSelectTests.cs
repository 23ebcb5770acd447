using CrmSync.DataverseEmulator;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using Microsoft.Xrm.Sdk;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// DESIGN B14 for a multi-select choice end to end (both emulators, the real plug-in): Dynamics holds the values (the
/// Web API's comma-separated string, an <see cref="OptionSetValueCollection"/> in the plug-in), Marketo the labels
/// joined with ';', compared without regard to order; an unknown label is a rejection listing the allowed labels.
/// </summary>
public sealed class MultiSelectTests
{
    private static Task<SyncHarness> StartAsync() => SyncHarness.StartAsync(
        settings =>
        {
            settings["CrmSync:Sync:Fields:0:Marketo"] = "email";
            settings["CrmSync:Sync:Fields:0:Dynamics"] = "emailaddress1";
            settings["CrmSync:Sync:Fields:1:Marketo"] = "lastName";
            settings["CrmSync:Sync:Fields:1:Dynamics"] = "lastname";
            settings["CrmSync:Sync:Fields:2:Marketo"] = "interests";
            settings["CrmSync:Sync:Fields:2:Dynamics"] = "new_interests";
            settings["CrmSync:Sync:Fields:2:Entities:0"] = "lead";
        },
        configureDataverse: dataverse => dataverse.ChoiceColumns.Add(new ChoiceColumn(
            "lead", "new_interests", MultiSelect: true, [new(1, "Golf"), new(2, "Sailing"), new(3, "Chess")])),
        configureMarketo: marketo => marketo.CustomFields.Add(new MarketoFieldDefinition(1001, "interests", "Interests", "string", 255)));

    private static async Task<(SyncHarness Sut, Guid Lead, long Person)> LinkedLeadAsync()
    {
        var sut = await StartAsync();
        await sut.RunCycleAsync();
        var lead = sut.CreateAsMaker(
            "lead", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"),
            ("new_interests", new OptionSetValueCollection([new OptionSetValue(3), new OptionSetValue(1)])));
        var report = await sut.RunCycleAsync();
        Assert.True(report.Completed, report.Record.Message);
        return (sut, lead, await sut.LinkedPersonAsync("lead", lead));
    }

    [Fact]
    public async Task Cycle_DynamicsMultiSelect_ReachesMarketoAsLabelsJoinedWithSemicolons()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        Assert.Equal("3,1", sut.DynamicsValue("lead", lead, "new_interests"));
        Assert.Equal("Golf;Chess", sut.MarketoValue(person, "interests"));

        sut.UpdateAsMaker("lead", lead, ("new_interests", new OptionSetValueCollection([new OptionSetValue(2)])));
        var updated = await sut.RunCycleAsync();

        Assert.True(updated.Completed, updated.Record.Message);
        Assert.Equal("Sailing", sut.MarketoValue(person, "interests"));
    }

    [Fact]
    public async Task Cycle_MarketoLabels_WrittenToDynamicsAsTheWebApiString()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        sut.EditInMarketo(person, ("interests", " sailing ; GOLF"));
        var edited = await sut.RunCycleAsync();

        Assert.True(edited.Completed, edited.Record.Message);
        Assert.Equal(1, edited.Record.CrmWritten);
        Assert.Equal("1,2", sut.DynamicsValue("lead", lead, "new_interests"));
    }

    [Fact]
    public async Task Cycle_MarketoReordersTheSameLabels_WritesNothing()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        sut.EditInMarketo(person, ("interests", "Chess;Golf"));
        var reordered = await sut.RunCycleAsync();

        Assert.True(reordered.Completed, reordered.Record.Message);
        Assert.Equal((0, 0, 0), (reordered.Record.CrmWritten, reordered.Record.MarketoWritten, reordered.Record.Rejections));
        Assert.Equal("3,1", sut.DynamicsValue("lead", lead, "new_interests"));
    }

    [Fact]
    public async Task Cycle_UnknownLabel_IsARejectionListingTheAllowedLabels()
    {
        var (sut, lead, person) = await LinkedLeadAsync();
        await using var _ = sut;

        sut.EditInMarketo(person, ("interests", "Golf;Polo"), ("lastName", "Byron"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(1, report.Record.Rejections);
        Assert.Equal("3,1", sut.DynamicsValue("lead", lead, "new_interests"));
        Assert.Equal("Byron", sut.DynamicsValue("lead", lead, "lastname"));
        var stored = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal((SyncDirection.ToDynamics, "invalid-value"), (stored.Direction, stored.ErrorCode));
        Assert.Equal("'Polo' is not a label of lead.new_interests (a choice); allowed labels: Golf, Sailing, Chess.", stored.Message);
    }
}
