using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Dataverse.PluginSteps;

/// <summary>An <c>sdkmessageprocessingstep</c> row as selected (with its message and table expanded).</summary>
internal sealed record PluginStepDto(
    [property: JsonPropertyName("sdkmessageprocessingstepid")] Guid Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("configuration")] string? Configuration,
    [property: JsonPropertyName("filteringattributes")] string? FilteringAttributes,
    [property: JsonPropertyName("stage")] int? Stage,
    [property: JsonPropertyName("mode")] int? Mode,
    [property: JsonPropertyName("statecode")] int? StateCode,
    [property: JsonPropertyName("sdkmessageid")] PluginStepMessageDto? Message,
    [property: JsonPropertyName("sdkmessagefilterid")] PluginStepFilterDto? Filter);

/// <summary>The expanded <c>sdkmessage</c>.</summary>
internal sealed record PluginStepMessageDto([property: JsonPropertyName("name")] string? Name);

/// <summary>The expanded <c>sdkmessagefilter</c>.</summary>
internal sealed record PluginStepFilterDto([property: JsonPropertyName("primaryobjecttypecode")] string? PrimaryObjectTypeCode);
