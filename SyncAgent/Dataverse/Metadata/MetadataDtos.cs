using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Dataverse.Metadata;

/// <summary>One <c>AttributeMetadata</c> as selected by the connector.</summary>
internal sealed record AttributeMetadataDto(
    [property: JsonPropertyName("MetadataId")] Guid MetadataId,
    [property: JsonPropertyName("LogicalName")] string LogicalName,
    [property: JsonPropertyName("AttributeType")] string? AttributeType,
    [property: JsonPropertyName("IsSecured")] bool? IsSecured,
    [property: JsonPropertyName("IsValidForCreate")] bool? IsValidForCreate,
    [property: JsonPropertyName("IsValidForUpdate")] bool? IsValidForUpdate,
    [property: JsonPropertyName("IsValidForRead")] bool? IsValidForRead);

/// <summary><c>MaxLength</c> is declared on <c>StringAttributeMetadata</c> and <c>MemoAttributeMetadata</c>, not on the base type.</summary>
internal sealed record MaxLengthDto(
    [property: JsonPropertyName("LogicalName")] string LogicalName,
    [property: JsonPropertyName("MaxLength")] int? MaxLength);

/// <summary>An <c>AttributePrivilege</c> complex type: CanRead/CanUpdate/CanCreate are 4 (allowed) or 0 (not allowed).</summary>
internal sealed record AttributePrivilegeDto(
    [property: JsonPropertyName("AttributeId")] Guid AttributeId,
    [property: JsonPropertyName("CanCreate")] int CanCreate,
    [property: JsonPropertyName("CanRead")] int CanRead,
    [property: JsonPropertyName("CanUpdate")] int CanUpdate);

/// <summary><c>RetrievePrincipalAttributePrivilegesResponse</c>.</summary>
internal sealed record PrincipalAttributePrivilegesDto(
    [property: JsonPropertyName("AttributePrivileges")] IReadOnlyList<AttributePrivilegeDto>? AttributePrivileges);

/// <summary>An OData collection page: its <c>value</c> and the <c>@odata.nextLink</c> of the next page, if any.</summary>
internal sealed record ODataPage<T>(
    [property: JsonPropertyName("value")] IReadOnlyList<T>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink = null);
