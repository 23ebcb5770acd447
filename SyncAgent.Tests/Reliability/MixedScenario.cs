using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// A linked baseline and one window of mixed changes on both sides: a Dynamics update, a Dynamics create, a Marketo
/// update, a collision on a contact (Dynamics wins) and on a lead (Marketo wins), and a Marketo value a Dynamics
/// validation rule rejects. <see cref="AssertConvergedAsync"/> checks the one correct end state.
/// </summary>
internal sealed class MixedScenario
{
    public const string RuleMessage = "Job titles must not start with 'Bad'.";

    private readonly SyncHarness _sut;
    private readonly string _tag;
    private readonly List<(Guid Id, string FirstName)> _created = [];
    private Guid _updated, _fromMarketo, _contactCollision, _leadCollision, _rejected;
    private string _round = "";
    private long _updatedPerson, _fromMarketoPerson, _contactCollisionPerson, _leadCollisionPerson, _rejectedPerson;
    private int _personsBefore, _contactsBefore, _leadsBefore;

    public MixedScenario(SyncHarness sut, string tag)
    {
        _sut = sut;
        _tag = tag;
    }

    /// <summary>Creates and links the baseline records with an in-process cycle.</summary>
    public async Task SeedAsync()
    {
        _updated = Contact("Updated");
        _fromMarketo = Contact("FromMarketo");
        _contactCollision = Contact("ContactCollision");
        _rejected = Contact("Rejected");
        _leadCollision = _sut.CreateAsMaker("lead", ("lastname", "LeadCollision"), ("emailaddress1", Email("leadcollision")), ("jobtitle", "Original"));
        var first = await _sut.RunCycleAsync();
        Assert.True(first.Completed, first.Record.Message);
        _updatedPerson = await _sut.LinkedPersonAsync("contact", _updated);
        _fromMarketoPerson = await _sut.LinkedPersonAsync("contact", _fromMarketo);
        _contactCollisionPerson = await _sut.LinkedPersonAsync("contact", _contactCollision);
        _rejectedPerson = await _sut.LinkedPersonAsync("contact", _rejected);
        _leadCollisionPerson = await _sut.LinkedPersonAsync("lead", _leadCollision);
        _sut.Dataverse.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", RuleMessage));
        (_personsBefore, _contactsBefore, _leadsBefore) = (_sut.Marketo.Admin.PersonCount, _sut.Dataverse.Admin.Count("contact"), _sut.Dataverse.Admin.Count("lead"));
    }

    /// <summary>
    /// One window of user changes on both sides; <paramref name="round"/> makes the values of later windows differ.
    /// The rejected value is made in the first window only.
    /// </summary>
    public void MakeChanges(int round = 0)
    {
        _round = round == 0 ? _tag : $"{_tag}-{round}";
        _sut.UpdateAsMaker("contact", _updated, ("telephone1", $"555-{_round}"));
        _created.Add((_sut.CreateAsMaker("contact", ("lastname", "Created"), ("firstname", _round), ("emailaddress1", Email("created" + round))), _round));
        _sut.EditInMarketo(_fromMarketoPerson, ("title", $"Title {_round}"));
        _sut.UpdateAsMaker("contact", _contactCollision, ("address1_city", $"Dynamics City {_round}"));
        _sut.EditInMarketo(_contactCollisionPerson, ("city", $"Marketo City {_round}"));
        _sut.UpdateAsMaker("lead", _leadCollision, ("address1_city", $"Dynamics City {_round}"));
        _sut.EditInMarketo(_leadCollisionPerson, ("city", $"Marketo City {_round}"));
        if (round == 0)
        {
            _sut.EditInMarketo(_rejectedPerson, ("title", "Bad title"));
        }

        _contactsBefore++;
        _personsBefore++;
    }

    /// <summary>Every change landed once, nothing is duplicated, and the rejection is reported exactly once per side.</summary>
    public async Task AssertConvergedAsync()
    {
        Assert.Equal($"555-{_round}", _sut.MarketoValue(_updatedPerson, "phone"));
        Assert.Equal($"Title {_round}", _sut.DynamicsValue("contact", _fromMarketo, "jobtitle"));
        Assert.Equal(($"Dynamics City {_round}", $"Dynamics City {_round}"),
            (_sut.DynamicsValue("contact", _contactCollision, "address1_city"), _sut.MarketoValue(_contactCollisionPerson, "city")));
        Assert.Equal(($"Marketo City {_round}", $"Marketo City {_round}"),
            (_sut.DynamicsValue("lead", _leadCollision, "address1_city"), _sut.MarketoValue(_leadCollisionPerson, "city")));
        foreach (var (created, firstName) in _created)
        {
            // The literal names the window created, on both sides (never the system's own value: null equals null).
            var createdPerson = await _sut.LinkedPersonAsync("contact", created);
            Assert.Equal((firstName, "Created"), (_sut.DynamicsValue("contact", created, "firstname"), _sut.DynamicsValue("contact", created, "lastname")));
            Assert.Equal((firstName, "Created"), (_sut.MarketoValue(createdPerson, "firstName"), _sut.MarketoValue(createdPerson, "lastName")));
        }

        // Nothing duplicated: one person per email, no record created in Dynamics by the agent.
        Assert.Equal(_personsBefore, _sut.Marketo.Admin.PersonCount);
        Assert.All(_sut.Marketo.Admin.GetPersons().GroupBy(p => p.Email, StringComparer.OrdinalIgnoreCase), g => Assert.Single(g));
        Assert.Equal((_contactsBefore, _leadsBefore), (_sut.Dataverse.Admin.Count("contact"), _sut.Dataverse.Admin.Count("lead")));

        // The rejected value did not land, and it is reported exactly once on each side and in the state.
        Assert.Equal("Original", _sut.DynamicsValue("contact", _rejected, "jobtitle"));
        var activity = Assert.Single(_sut.SyncResultsRegarding(_rejected));
        Assert.Contains(RuleMessage, (string?)activity["description"], StringComparison.Ordinal);
        Assert.Single(_sut.SyncResultActivitiesOf(_rejectedPerson));
        Assert.Equal(1, _sut.Dataverse.Admin.Count("crmsync_syncresult"));
        Assert.Single(await _sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Empty(await _sut.State.GetMarkersAsync());
        Assert.Equal(0, _sut.StagingRowCount);
    }

    private Guid Contact(string name) =>
        _sut.CreateAsMaker("contact", ("lastname", name), ("emailaddress1", Email(name)), ("jobtitle", "Original"));

    private string Email(string name) => $"{name.ToLowerInvariant()}.{_tag}@example.com";
}
