namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>
/// A custom activity type as listed, created or approved
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities, "Custom Activity Types").
/// Also the body of Create Type (the server ignores <c>id</c>/<c>status</c>, which are left null).
/// </summary>
internal sealed class CustomActivityTypeDto
{
    public int? Id { get; init; }

    public string? ApiName { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? TriggerName { get; init; }

    public string? FilterName { get; init; }

    public string? Status { get; init; }

    public CustomActivityAttributeDto? PrimaryAttribute { get; init; }

    public List<CustomActivityAttributeDto>? Attributes { get; init; }
}

/// <summary><c>{"apiName","name","description","dataType"}</c>.</summary>
internal sealed class CustomActivityAttributeDto
{
    public string? ApiName { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? DataType { get; init; }
}

/// <summary>Body of Create Custom Activity Type Attributes: <c>{"attributes":[..]}</c>.</summary>
internal sealed class CustomActivityAttributesRequest
{
    public List<CustomActivityAttributeDto> Attributes { get; init; } = [];
}
