using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Demo;

/// <summary>
/// What the demo does to the two emulators and what it reads back from them: every figure the demo prints comes from
/// here (the emulators' own records, request logs and counters), never from the agent's account of itself.
/// </summary>
internal sealed class DemoWorld(DemoEnvironment environment, IServiceProvider services)
{
    public DemoEnvironment Environment => environment;

    /// <summary>Creates a record in Dynamics as the maker user (the plug-in stages it).</summary>
    public Guid Create(string table, params (string Column, object? Value)[] values) =>
        environment.Dataverse.Admin.CreateRecord(table, values.ToDictionary(v => v.Column, v => v.Value));

    /// <summary>Updates a record in Dynamics as the maker user (the plug-in stages it).</summary>
    public void Update(string table, Guid id, params (string Column, object? Value)[] values) =>
        environment.Dataverse.Admin.UpdateRecord(table, id, values.ToDictionary(v => v.Column, v => v.Value));

    /// <summary>
    /// Merges <paramref name="subordinate"/> into <paramref name="master"/> as a maker does: the Web API action
    /// <c>POST Merge</c> (the real plug-in's Merge step stages it). Throws when Dynamics refuses.
    /// </summary>
    public async Task MergeAsync(string table, Guid master, Guid subordinate, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", environment.Dataverse.Admin.IssueToken(environment.Dataverse.Admin.MakerUser.Id));
        var type = "Microsoft.Dynamics.CRM." + table;
        var body = new Dictionary<string, object?>
        {
            ["Target"] = new Dictionary<string, object?> { ["@odata.type"] = type, [table + "id"] = master },
            ["Subordinate"] = new Dictionary<string, object?> { ["@odata.type"] = type, [table + "id"] = subordinate },
            ["UpdateContent"] = new Dictionary<string, object?> { ["@odata.type"] = type },
            ["PerformParentingChecks"] = false,
        };
        using var response = await http.PostAsync(new Uri(environment.Dataverse.ApiUrl, "Merge"), System.Net.Http.Json.JsonContent.Create(body), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Merge answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>A marketer's edit of a person in Marketo.</summary>
    public void Edit(long person, string field, object? value) =>
        environment.Marketo.Admin.EditPerson((int)person, new Dictionary<string, object?> { [field] = value });

    /// <summary>A column of a Dynamics record as Dynamics stores it.</summary>
    public object? Dynamics(string table, Guid id, string column) =>
        environment.Dataverse.Admin.GetRecord(table, id) is { } record && record.TryGetValue(column, out var value) ? value : null;

    /// <summary>A field of a Marketo person as Marketo stores it.</summary>
    public object? Marketo(long person, string field) => environment.Marketo.Admin.GetPerson((int)person)?.Fields.GetValueOrDefault(field);

    /// <summary>The Marketo company whose <c>externalCompanyId</c> is <paramref name="externalCompanyId"/>, as Marketo stores it; null when none.</summary>
    public MarketoEmulator.Admin.MarketoCompany? Company(string externalCompanyId) =>
        environment.Marketo.Admin.GetCompanies().FirstOrDefault(c => string.Equals(c.ExternalCompanyId, externalCompanyId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Marketo opportunity whose <c>externalOpportunityId</c> is <paramref name="externalId"/> and its (first) role, as Marketo stores them.</summary>
    public (MarketoEmulator.Admin.MarketoOpportunity? Opportunity, MarketoEmulator.Admin.MarketoOpportunityRole? Role) Opportunity(string externalId) =>
        (environment.Marketo.Admin.GetOpportunities().FirstOrDefault(o => string.Equals(o.ExternalOpportunityId, externalId, StringComparison.OrdinalIgnoreCase)),
         environment.Marketo.Admin.GetOpportunityRoles().FirstOrDefault(r => string.Equals(r.ExternalOpportunityId, externalId, StringComparison.OrdinalIgnoreCase)));

    /// <summary>How many Marketo persons have <paramref name="email"/>.</summary>
    public int MarketoPersonsWithEmail(string email) => environment.Marketo.Admin.FindPersonsByEmail(email).Count;

    /// <summary>How many Dynamics rows of <paramref name="table"/> have <paramref name="email"/> in emailaddress1.</summary>
    public int DynamicsRecordsWithEmail(string table, string email) =>
        environment.Dataverse.Admin.GetRecords(table, r => Equals(r.GetValueOrDefault("emailaddress1"), email)).Count;

    /// <summary>The Marketo person the agent linked to a Dynamics record (0 when none).</summary>
    public async Task<long> LinkedPersonAsync(string entity, Guid id, CancellationToken cancellationToken) =>
        (await services.GetRequiredService<StateStore>().FindLinkAsync(new RecordKey(SyncEntityNames.Parse(entity), id), cancellationToken).ConfigureAwait(false))?.MarketoId ?? 0;

    /// <summary>
    /// Runs <paramref name="work"/> and counts the writes the two services answered meanwhile, from their request logs:
    /// Dynamics creates, updates and deletes of records (each <c>$batch</c> part on its own; deleting the staging rows
    /// a cycle consumed is the agent's bookkeeping, not a write to synced data, and is not counted) and Marketo POST
    /// calls (every agent write is a POST; its reads are GETs).
    /// </summary>
    public async Task<(T Result, Writes Writes)> MeasureAsync<T>(Func<Task<T>> work)
    {
        environment.Dataverse.Admin.ClearRequestLog();
        environment.Marketo.Admin.ResetRequestLog();
        var result = await work().ConfigureAwait(false);
        var dynamics = environment.Dataverse.Admin.RequestLog.Count(e =>
            e.Method is "POST" or "PATCH" or "PUT" or "DELETE" && e.Status < 400
            && !e.Url.Contains("$batch", StringComparison.Ordinal)
            && !e.Url.Contains("crmsync_syncevents", StringComparison.Ordinal));
        var marketo = environment.Marketo.Admin.GetRequestLog()
            .Count(e => e.Method == "POST" && e.Path.Contains("/rest/", StringComparison.Ordinal) && e.StatusCode < 400);
        return (result, new Writes(dynamics, marketo));
    }
}

/// <summary>Writes counted on each side while the demo measured.</summary>
internal readonly record struct Writes(long Dynamics, long Marketo)
{
    public long Total => Dynamics + Marketo;

    public override string ToString() => $"{Total} writes ({Dynamics} to Dynamics, {Marketo} to Marketo)";
}
