using CrmSync.MarketoEmulator.Activities;
using CrmSync.MarketoEmulator.Faults;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Limits;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Admin;

/// <summary>
/// In-process control of an emulator, outside the REST surface: seed, edit ("a marketer edits a
/// person"), delete and read persons; read activities, the request log and counters; change faults
/// and limits at run time. None of these calls count against the REST limits.
/// </summary>
public sealed class MarketoEmulatorAdmin
{
    /// <summary>Source stamped on activities of <see cref="EditPerson"/> unless given.</summary>
    public const string DefaultUiSource = "Person Detail";

    /// <summary>Reason stamped on activities of <see cref="EditPerson"/> unless given.</summary>
    public const string DefaultUiReason = "Changed by user";

    private readonly LeadStore _leads;
    private readonly ActivityLog _log;
    private readonly CustomActivityTypes _types;
    private readonly RequestLog _requests;
    private readonly CallGate _gate;

    internal MarketoEmulatorAdmin(LeadStore leads, ActivityLog log, CustomActivityTypes types, RequestLog requests, CallGate gate,
        MarketoFaultSettings faults, MarketoLimitOptions limits)
    {
        _leads = leads;
        _log = log;
        _types = types;
        _requests = requests;
        _gate = gate;
        Faults = faults;
        Limits = limits;
    }

    /// <summary>Fault injection settings (change at any time).</summary>
    public MarketoFaultSettings Faults { get; }

    /// <summary>Limits (change at any time).</summary>
    public MarketoLimitOptions Limits { get; }

    /// <summary>Number of persons.</summary>
    public int PersonCount => _leads.Count;

    /// <summary>Number of activities in the log.</summary>
    public long ActivityCount => _log.Count;

    /// <summary>REST calls being handled right now.</summary>
    public int InFlightCalls => _gate.InFlight;

    /// <summary>Creates one person; with <paramref name="recordNewLeadActivity"/> a New Lead activity is logged.</summary>
    /// <exception cref="ArgumentException">A field is unknown, read-only or invalid (message as Marketo's reason).</exception>
    public int SeedPerson(IReadOnlyDictionary<string, object?> fields, bool recordNewLeadActivity = false) =>
        _leads.Insert(ToInput(fields), new ChangeSource("Seeded", "Emulator seed"), recordNewLeadActivity);

    /// <summary>Creates many persons (ids are assigned in order).</summary>
    public IReadOnlyList<int> SeedPersons(IEnumerable<IReadOnlyDictionary<string, object?>> persons, bool recordNewLeadActivity = false)
    {
        ArgumentNullException.ThrowIfNull(persons);
        return persons.Select(p => SeedPerson(p, recordNewLeadActivity)).ToList();
    }

    /// <summary>
    /// Changes fields the way a marketer does in the UI: one Change Data Value activity per changed field,
    /// with the given Source and Reason attributes. Returns the activities recorded.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No person has this id.</exception>
    /// <exception cref="ArgumentException">A field is unknown, read-only or invalid.</exception>
    public IReadOnlyList<MarketoActivity> EditPerson(int id, IReadOnlyDictionary<string, object?> changes,
        string source = DefaultUiSource, string reason = DefaultUiReason)
    {
        var input = ToInput(changes);
        var before = _log.Count;
        if (!_leads.Edit(id, input, new ChangeSource(reason, source)))
        {
            throw new KeyNotFoundException($"No person with id {id}.");
        }

        return _log.Read(before, a => a.LeadId == id && a.ActivityTypeId == MarketoActivity.ChangeDataValue, int.MaxValue, int.MaxValue).Items;
    }

    /// <summary>Deletes a person (records Delete Lead); false when the id is unknown.</summary>
    public bool DeletePerson(int id) => _leads.Delete(id);

    /// <summary>Merges <paramref name="losers"/> into <paramref name="winner"/> as a marketer does in the Lead Database (Merge Leads activity); false when an id is unknown.</summary>
    public bool MergePersons(int winner, params int[] losers) => _leads.Merge(winner, losers, new ChangeSource("Merge leads", "Lead Database")) is null;

    /// <summary>Every company, by id: its id, external id and fields.</summary>
    public IReadOnlyList<MarketoCompany> GetCompanies() =>
        Companies?.All().ConvertAll(c => new MarketoCompany(c.Id, c.ExternalCompanyId, new Dictionary<string, object?>(c.Values, StringComparer.Ordinal))) ?? [];

    /// <summary>Creates a company as a Marketo user (or another integration) would: not through CrmSync.</summary>
    public int SeedCompany(string externalCompanyId, string name) =>
        Companies!.Sync("createOnly", false, null, externalCompanyId, [("company", name)]).Id!.Value;

    internal CrmSync.MarketoEmulator.Companies.CompanyStore? Companies { get; init; }

    /// <summary>Every opportunity, by creation: its marketoGUID, external id and fields.</summary>
    public IReadOnlyList<MarketoOpportunity> GetOpportunities() =>
        Opportunities?.All().ConvertAll(o => new MarketoOpportunity(o.MarketoGuid, (string?)o.Values.GetValueOrDefault("externalOpportunityId"),
            new Dictionary<string, object?>(o.Values, StringComparer.Ordinal))) ?? [];

    /// <summary>Every opportunity role, by creation.</summary>
    public IReadOnlyList<MarketoOpportunityRole> GetOpportunityRoles() =>
        OpportunityRoles?.All().ConvertAll(r => new MarketoOpportunityRole(r.MarketoGuid, (string)r.Values["externalOpportunityId"]!,
            (long)r.Values["leadId"]!, (string)r.Values["role"]!, r.Values.GetValueOrDefault("isPrimary") as bool?)) ?? [];

    /// <summary>Creates an opportunity as a Marketo user (or another integration) would: not through CrmSync.</summary>
    public Guid SeedOpportunity(string externalOpportunityId, string name) =>
        Opportunities!.Sync("createOnly", null, new Dictionary<string, object?> { ["externalOpportunityId"] = externalOpportunityId }, [("name", name)]).Id!.Value;

    internal CrmSync.MarketoEmulator.Opportunities.ObjectStore? Opportunities { get; init; }

    internal CrmSync.MarketoEmulator.Opportunities.ObjectStore? OpportunityRoles { get; init; }

    /// <summary>A person by id, or null.</summary>
    public MarketoPerson? GetPerson(int id) => _leads.Get(id) is { } r ? ToPerson(r) : null;

    /// <summary>Persons with this email address (case-insensitive), by id.</summary>
    public IReadOnlyList<MarketoPerson> FindPersonsByEmail(string email) =>
        _leads.Find(_leads.Schema.Fields[_leads.Schema.EmailSlot], [email], int.MaxValue).ConvertAll(ToPerson);

    /// <summary>All persons, by id.</summary>
    public IReadOnlyList<MarketoPerson> GetPersons() => _leads.All().ConvertAll(ToPerson);

    /// <summary>Activities in log order, optionally for one person and/or one type.</summary>
    public IReadOnlyList<MarketoActivity> GetActivities(int? leadId = null, int? activityTypeId = null) =>
        _log.Snapshot(a => (leadId is null || a.LeadId == leadId) && (activityTypeId is null || a.ActivityTypeId == activityTypeId));

    /// <summary>Custom activity types, in creation order.</summary>
    public IReadOnlyList<MarketoCustomActivityType> GetCustomActivityTypes() => _types.All();

    /// <summary>The most recent answered calls, oldest first.</summary>
    public IReadOnlyList<MarketoRequestLogEntry> GetRequestLog() => _requests.Entries();

    /// <summary>Call counters and today's quota use.</summary>
    public MarketoCallCounters GetCounters() => _requests.Counters(_gate.QuotaUsedToday());

    /// <summary>Clears the request log and counters (the quota and rate window are not reset).</summary>
    public void ResetRequestLog() => _requests.Clear();

    /// <summary>
    /// Completes once at least <paramref name="count"/> REST calls sit in an injected delay with their
    /// timer registered: advancing a fake clock by the delay then releases them.
    /// </summary>
    public Task WaitForDelayedCallsAsync(int count, CancellationToken cancellationToken = default) =>
        _gate.WaitForDelayedAsync(count, cancellationToken);

    private LeadInput ToInput(IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var input = new LeadInput();
        foreach (var (name, value) in fields)
        {
            if (!_leads.Schema.TryGetSlot(name, out var slot))
            {
                throw new ArgumentException(MarketoErrors.FieldNotFound(name).Message, nameof(fields));
            }

            var field = _leads.Schema.Fields[slot];
            if (field.ReadOnly)
            {
                throw new ArgumentException($"Field '{field.Name}' is read-only.", nameof(fields));
            }

            if (FieldValues.TryConvert(field, value, out var converted) is { } reason)
            {
                throw new ArgumentException(reason.Message, nameof(fields));
            }

            input.Values.Add(new(slot, converted));
        }

        return input;
    }

    private MarketoPerson ToPerson(LeadRecord record)
    {
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in _leads.Schema.Fields)
        {
            if (_leads.ValueOf(record, field) is { } value)
            {
                fields[field.Name] = value;
            }
        }

        return new MarketoPerson(record.Id, record.CreatedAt, record.UpdatedAt, fields);
    }
}
