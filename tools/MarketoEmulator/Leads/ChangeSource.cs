namespace CrmSync.MarketoEmulator.Leads;

/// <summary>The Reason and Source attributes a write stamps on its activities.</summary>
internal sealed record ChangeSource(string Reason, string Source)
{
    /// <summary>What Marketo records for REST writes (Get Lead Changes example: Reason and Source "Web service API").</summary>
    public static ChangeSource WebServiceApi { get; } = new("Web service API", "Web service API");
}
