namespace CrmSync.MarketoEmulator.Activities;

/// <summary>A custom activity type as Get Custom Activity Types / Describe report it.</summary>
public sealed record MarketoCustomActivityType
{
    /// <summary>Type id (100001 and up); custom activities carry it as <c>activityTypeId</c>.</summary>
    public required int Id { get; init; }

    /// <summary>API name, the key of the type endpoints.</summary>
    public required string ApiName { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Smart list trigger name.</summary>
    public required string TriggerName { get; init; }

    /// <summary>Smart list filter name.</summary>
    public required string FilterName { get; init; }

    /// <summary><c>draft</c>, <c>approved</c> or <c>approved with draft</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Creation time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The primary attribute (its value is <c>primaryAttributeValue</c>).</summary>
    public required MarketoCustomActivityAttribute PrimaryAttribute { get; init; }

    /// <summary>Approved secondary attributes, usable when adding activities.</summary>
    public IReadOnlyList<MarketoCustomActivityAttribute> Attributes { get; init; } = [];

    /// <summary>Secondary attributes as in the draft (what approval makes live).</summary>
    public IReadOnlyList<MarketoCustomActivityAttribute> DraftAttributes { get; init; } = [];

    /// <summary>Whether activities of this type can be added (it has been approved at least once).</summary>
    public bool IsApproved => Status != "draft";
}
