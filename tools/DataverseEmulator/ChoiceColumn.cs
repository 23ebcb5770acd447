namespace CrmSync.DataverseEmulator;

/// <summary>
/// A custom choice column an organization adds to a table (a maker's customisation), e.g. a multi-select
/// <c>new_interests</c> on lead; options carry English (1033) labels.
/// </summary>
/// <param name="Table">The table's logical name.</param>
/// <param name="LogicalName">The column's logical name.</param>
/// <param name="MultiSelect">Whether it is a multi-select choice (MultiSelectPicklistAttributeMetadata) rather than a Picklist.</param>
/// <param name="Options">The options: value and English label.</param>
public sealed record ChoiceColumn(string Table, string LogicalName, bool MultiSelect, IReadOnlyList<KeyValuePair<int, string>> Options);
