namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>One option of a choice column: its value and its label per language code (1033 English first).</summary>
internal sealed record OptionDefinition(int Value, IReadOnlyDictionary<int, string> Labels)
{
    /// <summary>An option with one English (1033) label.</summary>
    public static OptionDefinition English(int value, string label) => new(value, new Dictionary<int, string> { [1033] = label });
}
