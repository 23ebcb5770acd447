using CrmSync.SyncAgent.Marketo.Wire;

namespace CrmSync.SyncAgent.Marketo;

/// <content>Custom activity types and Add Custom Activities
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities).</content>
internal sealed partial class MarketoClient
{
    /// <summary>Get Custom Activity Types (<c>GET /rest/v1/activities/external/types.json</c>).</summary>
    public async Task<IReadOnlyList<CustomActivityType>> GetCustomActivityTypesAsync(CancellationToken cancellationToken)
    {
        var response = await _api.GetAsync(
            "activityTypes", "rest/v1/activities/external/types.json", MarketoJsonContext.Default.MarketoResponseCustomActivityTypeDto, cancellationToken).ConfigureAwait(false);
        return (response.Result ?? []).Select(ToType).ToList();
    }

    /// <summary>
    /// Create Custom Activity Type (<c>POST /rest/v1/activities/external/type.json</c>, created as draft) and, when the
    /// definition has secondary attributes, Create Attributes (<c>…/type/{apiName}/attributes/create.json</c>).
    /// </summary>
    public async Task<CustomActivityType> CreateCustomActivityTypeAsync(CustomActivityTypeDefinition definition, CancellationToken cancellationToken)
    {
        var body = new CustomActivityTypeDto
        {
            ApiName = definition.ApiName,
            Name = definition.Name,
            Description = definition.Description,
            TriggerName = definition.TriggerName,
            FilterName = definition.FilterName,
            PrimaryAttribute = ToDto(definition.PrimaryAttribute),
        };
        var response = await _api.PostAsync(
            "createActivityType", "rest/v1/activities/external/type.json", body, MarketoJsonContext.Default.CustomActivityTypeDto,
            MarketoJsonContext.Default.MarketoResponseCustomActivityTypeDto, cancellationToken).ConfigureAwait(false);
        var created = FirstType(response);
        if (definition.Attributes.Count > 0)
        {
            created = FirstType(await CreateAttributesAsync(definition.ApiName, definition.Attributes, cancellationToken).ConfigureAwait(false));
        }

        MarketoLog.ActivityType(_logger, definition.ApiName, "created");
        return created;
    }

    /// <summary>Approve Custom Activity Type (<c>POST /rest/v1/activities/external/type/{apiName}/approve.json</c>).</summary>
    public async Task<CustomActivityType> ApproveCustomActivityTypeAsync(string apiName, CancellationToken cancellationToken)
    {
        var response = await _api.PostAsync(
            "approveActivityType", $"rest/v1/activities/external/type/{Encode(apiName)}/approve.json", null,
            MarketoJsonContext.Default.CustomActivityTypeDto, MarketoJsonContext.Default.MarketoResponseCustomActivityTypeDto, cancellationToken).ConfigureAwait(false);
        MarketoLog.ActivityType(_logger, apiName, "approved");
        return FirstType(response);
    }

    /// <summary>
    /// Makes sure the type exists with every attribute of <paramref name="definition"/> and is approved: creates it
    /// when missing, adds the attributes its draft lacks (a run killed between creating the type and its attributes
    /// leaves such a type, and activities sent to it are refused with 1006), approves a draft, and returns it with the
    /// <c>activityTypeId</c> to use.
    /// </summary>
    public async Task<CustomActivityType> EnsureCustomActivityTypeAsync(CustomActivityTypeDefinition definition, CancellationToken cancellationToken)
    {
        var existing = await FindTypeAsync(definition.ApiName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            existing = await CreateCustomActivityTypeAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        else if (definition.Attributes.Count > 0 && !string.Equals(existing.Status, "approved", StringComparison.OrdinalIgnoreCase))
        {
            // A draft: maybe a run died before adding every attribute. An approved type is taken as it is.
            existing = await AddMissingAttributesAsync(definition, existing, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(existing.Status, "approved", StringComparison.OrdinalIgnoreCase))
        {
            existing = await ApproveCustomActivityTypeAsync(definition.ApiName, cancellationToken).ConfigureAwait(false);
        }

        if (existing.Id is null)
        {
            existing = await FindTypeAsync(definition.ApiName, cancellationToken).ConfigureAwait(false) ?? existing;
        }

        return existing.Id is null
            ? throw new MarketoApiException("activityType", $"Custom activity type {definition.ApiName} has no id after approval.")
            : existing;
    }

    /// <summary>Describe Custom Activity Type (draft version) and Create Attributes for the ones it lacks.</summary>
    private async Task<CustomActivityType> AddMissingAttributesAsync(
        CustomActivityTypeDefinition definition, CustomActivityType existing, CancellationToken cancellationToken)
    {
        var described = await _api.GetAsync(
            "describeActivityType", $"rest/v1/activities/external/type/{Encode(definition.ApiName)}/describe.json?draft=true",
            MarketoJsonContext.Default.MarketoResponseCustomActivityTypeDto, cancellationToken).ConfigureAwait(false);
        var present = (described.Result is { Count: > 0 } result ? result[0].Attributes ?? [] : [])
            .Select(a => a.ApiName).ToHashSet(StringComparer.Ordinal);
        var missing = definition.Attributes.Where(a => !present.Contains(a.ApiName)).ToList();
        if (missing.Count == 0)
        {
            return existing;
        }

        var updated = await CreateAttributesAsync(definition.ApiName, missing, cancellationToken).ConfigureAwait(false);
        MarketoLog.ActivityType(_logger, definition.ApiName, "completed");
        return FirstType(updated) with { Id = existing.Id };
    }

    /// <summary>Create Attributes (<c>POST /rest/v1/activities/external/type/{apiName}/attributes/create.json</c>) on the draft.</summary>
    private Task<MarketoResponse<CustomActivityTypeDto>> CreateAttributesAsync(
        string apiName, IEnumerable<CustomActivityAttribute> attributes, CancellationToken cancellationToken) =>
        _api.PostAsync(
            "createActivityTypeAttributes", $"rest/v1/activities/external/type/{Encode(apiName)}/attributes/create.json",
            new CustomActivityAttributesRequest { Attributes = attributes.Select(ToDto).ToList() }, MarketoJsonContext.Default.CustomActivityAttributesRequest,
            MarketoJsonContext.Default.MarketoResponseCustomActivityTypeDto, cancellationToken);

    /// <summary>The type whose API name is <paramref name="apiName"/>, from Get Custom Activity Types, or null.</summary>
    private async Task<CustomActivityType?> FindTypeAsync(string apiName, CancellationToken cancellationToken) =>
        (await GetCustomActivityTypesAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(t => string.Equals(t.ApiName, apiName, StringComparison.Ordinal));

    /// <summary>
    /// Add Custom Activities (<c>POST /rest/v1/activities/external.json</c>), ≤ 300 per call; one result per
    /// activity in input order (<c>added</c>, or <c>skipped</c> with errors such as 1004 lead not found).
    /// </summary>
    public Task<IReadOnlyList<MarketoRecordResult>> AddCustomActivitiesAsync(IReadOnlyList<CustomActivity> activities, CancellationToken cancellationToken) =>
        PostInBatchesAsync(
            "addActivities",
            "rest/v1/activities/external.json",
            activities,
            batch => new AddCustomActivitiesRequest
            {
                Input = batch.Select(a => new CustomActivityInputDto
                {
                    LeadId = a.LeadId,
                    ActivityDate = MarketoValues.FormatDateTime(a.ActivityDate),
                    ActivityTypeId = a.ActivityTypeId,
                    PrimaryAttributeValue = a.PrimaryAttributeValue,
                    Attributes = a.Attributes.Select(kv => new AttributeDto { ApiName = kv.Key, Value = kv.Value }).ToList(),
                }).ToList(),
            },
            MarketoJsonContext.Default.AddCustomActivitiesRequest,
            cancellationToken);

    private static CustomActivityType FirstType(MarketoResponse<CustomActivityTypeDto> response) =>
        response.Result is { Count: > 0 } result
            ? ToType(result[0])
            : throw new MarketoApiException("activityType", "Custom activity type call returned no type.", response.RequestId);

    private static CustomActivityType ToType(CustomActivityTypeDto dto) => new(dto.Id, dto.ApiName ?? "", dto.Status ?? "");

    private static CustomActivityAttributeDto ToDto(CustomActivityAttribute attribute) => new()
    {
        ApiName = attribute.ApiName,
        Name = attribute.Name,
        Description = attribute.Description,
        DataType = attribute.DataType,
    };
}
