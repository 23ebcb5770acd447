using System.Globalization;

namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>The synthetic person number <c>i</c>, as a Dynamics contact and as a Marketo person with equal values.</summary>
internal static class Person
{
    public static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"person{i}@bench.example.com");

    public static IReadOnlyDictionary<string, object?> Dynamics(int i) => new Dictionary<string, object?>
    {
        ["emailaddress1"] = Email(i),
        ["firstname"] = "First" + i.ToString(CultureInfo.InvariantCulture),
        ["lastname"] = "Last" + i.ToString(CultureInfo.InvariantCulture),
        ["jobtitle"] = "Analyst",
        ["address1_city"] = "Bergen",
    };

    public static IReadOnlyDictionary<string, object?> Marketo(int i) => new Dictionary<string, object?>
    {
        ["email"] = Email(i),
        ["firstName"] = "First" + i.ToString(CultureInfo.InvariantCulture),
        ["lastName"] = "Last" + i.ToString(CultureInfo.InvariantCulture),
        ["title"] = "Analyst",
        ["city"] = "Bergen",
    };

    /// <summary>The Marketo field and value pairs the agent holds as shadows for a linked person.</summary>
    public static IEnumerable<(string Field, string Value)> Shadows(int i) =>
        Marketo(i).Select(p => (p.Key, (string)p.Value!));

    public static string Changed(string what, int round, int i) => string.Create(CultureInfo.InvariantCulture, $"{what} {round}-{i}");
}
