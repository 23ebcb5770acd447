using System.Text.Json.Serialization;
using CrmSync.SyncAgent.Marketo.Wire;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// A Marketo error or record-level reason: <c>{"code":"1004","message":"Lead not found"}</c>.
/// Codes are documented as quoted integers; <see cref="Code"/> keeps the text.
/// </summary>
internal sealed record MarketoReason
{
    /// <summary>The code, e.g. <c>601</c> (response level) or <c>1004</c> (record level).</summary>
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string Code { get; init; } = "";

    /// <summary>The plain-text reason.</summary>
    public string Message { get; init; } = "";
}
