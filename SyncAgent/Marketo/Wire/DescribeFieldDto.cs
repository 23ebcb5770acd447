namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>
/// One field of Describe Lead: <c>{"id","displayName","dataType","length","rest":{"name","readOnly"},"soap":{..}}</c>
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads).
/// </summary>
internal sealed class DescribeFieldDto
{
    public int Id { get; init; }

    public string? DisplayName { get; init; }

    public string? DataType { get; init; }

    public int? Length { get; init; }

    public ApiNameDto? Rest { get; init; }
}

/// <summary>The <c>rest</c>/<c>soap</c> child of a described field.</summary>
internal sealed class ApiNameDto
{
    public string? Name { get; init; }

    public bool ReadOnly { get; init; }
}
