using System.Text.Json.Serialization;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Dataverse.PluginSteps;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>Source-generated System.Text.Json metadata for the connector's fixed-shape payloads.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DataverseErrorEnvelope))]
[JsonSerializable(typeof(WhoAmIResult))]
[JsonSerializable(typeof(Auth.TokenResponse))]
[JsonSerializable(typeof(ODataPage<AttributeMetadataDto>))]
[JsonSerializable(typeof(ODataPage<MaxLengthDto>))]
[JsonSerializable(typeof(PrincipalAttributePrivilegesDto))]
[JsonSerializable(typeof(ODataPage<ChoiceAttributeDto>))]
[JsonSerializable(typeof(ODataPage<DateTimeAttributeDto>))]
[JsonSerializable(typeof(ODataPage<PluginStepDto>))]
[JsonSerializable(typeof(ODataPage<PluginTypeDto>))]
[JsonSerializable(typeof(ODataPage<SdkMessageDto>))]
[JsonSerializable(typeof(ODataPage<SdkMessageFilterDto>))]
internal sealed partial class DataverseJsonContext : JsonSerializerContext;
