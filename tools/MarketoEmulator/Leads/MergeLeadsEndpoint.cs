using System.Globalization;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Leads;

/// <summary>
/// Merge Leads, <c>POST /rest/v1/leads/{id}/merge.json?leadId=…</c> or <c>leadIds=a,b,c</c>
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads, "Merge"): the lead in
/// the path wins. Success is <c>{"requestId","success":true}</c> with no result; errors come at HTTP 200.
/// <c>mergeInCRM</c> is accepted and has no effect: the emulated instance has no native CRM sync.
/// </summary>
internal sealed class MergeLeadsEndpoint(LeadStore store, TimeProvider time)
{
    /// <summary>
    /// The most losing ids one call takes here. Adobe documents no maximum: the reference (AdobeDocs/marketo-apis,
    /// swagger-mapi.json, mergeLeadsUsingPOST) gives <c>leadIds</c> no limit and the Leads page none either; the
    /// largest call Adobe shows merges three losers (Experience League KB ka-28666). The emulator refuses more than that
    /// as an assumption, not a documented limit; CrmSync itself sends one loser per call (a Dynamics merge is pairwise).
    /// </summary>
    public const int MaxLosers = 3;

    public void Map(WebApplication app) => app.MapPost("/rest/v1/leads/{id}/merge.json", Handle);

    private async Task Handle(HttpContext ctx)
    {
        var p = await RestParams.Read(ctx);
        var single = p.Get("leadId");
        var many = p.Ints("leadIds");
        List<int> losers = [];
        MarketoReason? error = null;
        if (!int.TryParse((string?)ctx.Request.RouteValues["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var winner))
        {
            error = MarketoErrors.InvalidValue((string?)ctx.Request.RouteValues["id"] ?? string.Empty, "integer");
        }
        else if (!string.IsNullOrEmpty(single))
        {
            error = int.TryParse(single, NumberStyles.None, CultureInfo.InvariantCulture, out var loser)
                ? null
                : MarketoErrors.InvalidValue(single, "integer");
            losers.Add(loser);
        }
        else if (many is null)
        {
            error = MarketoErrors.InvalidData("leadIds takes comma-separated integer ids");
        }
        else
        {
            losers.AddRange(many.Distinct());
        }

        error ??= losers.Count == 0 ? MarketoErrors.MissingValue("leadId")
            : losers.Count > MaxLosers ? MarketoErrors.InvalidData($"leadIds takes at most {MaxLosers} ids")
            : losers.Contains(winner) ? MarketoErrors.InvalidData("a lead cannot be merged into itself")
            : store.Merge(winner, losers, ChangeSource.WebServiceApi);
        if (error is { } e)
        {
            await Envelope.Error(ctx, time, e);
            return;
        }

        await Envelope.Done(ctx, time);
    }
}
