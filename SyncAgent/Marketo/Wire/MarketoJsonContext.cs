using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>Source-generated serializers for every Marketo wire shape (no reflection on the hot paths).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(MarketoResponse<JsonElement>))]
[JsonSerializable(typeof(MarketoResponse<ActivityDto>))]
[JsonSerializable(typeof(MarketoResponse<RecordResultDto>))]
[JsonSerializable(typeof(MarketoResponse<DescribeFieldDto>))]
[JsonSerializable(typeof(MarketoResponse<CustomActivityTypeDto>))]
[JsonSerializable(typeof(SyncLeadsRequest))]
[JsonSerializable(typeof(SyncObjectsRequest))]
[JsonSerializable(typeof(DeleteObjectsRequest))]
[JsonSerializable(typeof(AddCustomActivitiesRequest))]
[JsonSerializable(typeof(CustomActivityTypeDto))]
[JsonSerializable(typeof(CustomActivityAttributesRequest))]
internal sealed partial class MarketoJsonContext : JsonSerializerContext;
