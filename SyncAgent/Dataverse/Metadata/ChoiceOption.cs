namespace CrmSync.SyncAgent.Dataverse.Metadata;

/// <summary>One option of a choice column: its value and its label per language code (e.g. 1033).</summary>
internal sealed record ChoiceOption(int Value, IReadOnlyDictionary<int, string> Labels);
