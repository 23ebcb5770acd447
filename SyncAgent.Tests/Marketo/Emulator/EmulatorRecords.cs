using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>Builds Sync Leads records and seed persons for the contract tests.</summary>
internal static class EmulatorRecords
{
    /// <summary>A Sync Leads record: strings stay strings, longs become JSON numbers (as <see cref="MarketoValues"/> sends them).</summary>
    public static IReadOnlyDictionary<string, JsonElement> Record(params (string Field, object? Value)[] fields) =>
        fields.ToDictionary(
            f => f.Field,
            f => f.Value switch
            {
                null => MarketoValues.FromText(null, "string"),
                long or int => MarketoValues.FromText(Convert.ToString(f.Value, CultureInfo.InvariantCulture), "integer"),
                _ => MarketoValues.String((string)f.Value),
            },
            StringComparer.Ordinal);

    /// <summary>A seed person with an email and names derived from <paramref name="n"/>.</summary>
    public static IReadOnlyDictionary<string, object?> Person(int n) => new Dictionary<string, object?>
    {
        ["email"] = Email(n),
        ["firstName"] = $"First{n}",
        ["lastName"] = $"Last{n}",
    };

    public static string Email(int n) => $"person{n}@example.com";
}
