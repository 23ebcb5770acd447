using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Dataverse.Metadata;

/// <summary>An <c>EnumAttributeMetadata</c> (Picklist, MultiSelectPicklist, Status, State) with its option sets expanded.</summary>
internal sealed record ChoiceAttributeDto(
    [property: JsonPropertyName("LogicalName")] string LogicalName,
    [property: JsonPropertyName("OptionSet")] OptionSetDto? OptionSet,
    [property: JsonPropertyName("GlobalOptionSet")] OptionSetDto? GlobalOptionSet);

/// <summary>An <c>OptionSetMetadata</c>: its options.</summary>
internal sealed record OptionSetDto(
    [property: JsonPropertyName("Options")] IReadOnlyList<OptionDto>? Options);

/// <summary>An <c>OptionMetadata</c> complex type: the value and its <c>Label</c>.</summary>
internal sealed record OptionDto(
    [property: JsonPropertyName("Value")] int? Value,
    [property: JsonPropertyName("Label")] LabelDto? Label);

/// <summary>A <c>Label</c> complex type: one <c>LocalizedLabel</c> per language.</summary>
internal sealed record LabelDto(
    [property: JsonPropertyName("LocalizedLabels")] IReadOnlyList<LocalizedLabelDto>? LocalizedLabels);

/// <summary>A <c>LocalizedLabel</c> complex type.</summary>
internal sealed record LocalizedLabelDto(
    [property: JsonPropertyName("Label")] string? Label,
    [property: JsonPropertyName("LanguageCode")] int LanguageCode);

/// <summary>A <c>DateTimeAttributeMetadata</c>: its behaviour (<c>UserLocal</c>, <c>DateOnly</c>, <c>TimeZoneIndependent</c>).</summary>
internal sealed record DateTimeAttributeDto(
    [property: JsonPropertyName("LogicalName")] string LogicalName,
    [property: JsonPropertyName("DateTimeBehavior")] DateTimeBehaviorDto? DateTimeBehavior);

/// <summary>The <c>DateTimeBehavior</c> complex type.</summary>
internal sealed record DateTimeBehaviorDto(
    [property: JsonPropertyName("Value")] string? Value);
