using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Dataverse.PluginSteps;

/// <summary>An <c>sdkmessageprocessingstep</c> row as selected (lookups as <c>_x_value</c> ids).</summary>
internal sealed record PluginStepDto(
    [property: JsonPropertyName("sdkmessageprocessingstepid")] Guid Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("configuration")] string? Configuration,
    [property: JsonPropertyName("filteringattributes")] string? FilteringAttributes,
    [property: JsonPropertyName("stage")] int? Stage,
    [property: JsonPropertyName("mode")] int? Mode,
    [property: JsonPropertyName("statecode")] int? StateCode,
    [property: JsonPropertyName("_sdkmessageid_value")] Guid? MessageId,
    [property: JsonPropertyName("_sdkmessagefilterid_value")] Guid? FilterId);

/// <summary>A <c>plugintype</c> row.</summary>
internal sealed record PluginTypeDto([property: JsonPropertyName("plugintypeid")] Guid Id);

/// <summary>An <c>sdkmessage</c> row.</summary>
internal sealed record SdkMessageDto(
    [property: JsonPropertyName("sdkmessageid")] Guid Id,
    [property: JsonPropertyName("name")] string? Name);

/// <summary>An <c>sdkmessagefilter</c> row.</summary>
internal sealed record SdkMessageFilterDto(
    [property: JsonPropertyName("sdkmessagefilterid")] Guid Id,
    [property: JsonPropertyName("primaryobjecttypecode")] string? PrimaryObjectTypeCode);
