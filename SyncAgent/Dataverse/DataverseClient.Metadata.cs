using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CrmSync.SyncAgent.Dataverse.Metadata;

namespace CrmSync.SyncAgent.Dataverse;

/// <content>Attribute metadata and column security.</content>
internal sealed partial class DataverseClient
{
    // FieldPermissionType: 0 NotAllowed, 4 Allowed.
    private const int FieldPermissionAllowed = 4;

    /// <summary>The <see cref="ColumnAccess.AttributeType"/> given to a multi-select choice column.</summary>
    private const string MultiSelectPicklist = "MultiSelectPicklist";

    /// <summary>
    /// The column-access model of <paramref name="entity"/> for <paramref name="userId"/> (the sync user, from
    /// <see cref="WhoAmIAsync"/>): attribute flags from <c>EntityDefinitions(LogicalName='..')/Attributes</c>, and
    /// for secured columns the user's privileges from <c>RetrievePrincipalAttributePrivileges</c>, matched on the
    /// attribute's <c>MetadataId</c>. A secured column without a privilege row is not accessible.
    /// </summary>
    public async Task<EntityColumnAccess> GetColumnAccessAsync(string entity, Guid userId, CancellationToken cancellationToken)
    {
        var name = ODataFilter.Literal(ODataFilter.CheckName(entity));
        var attributes = await GetAllAsync(
            $"EntityDefinitions(LogicalName={name})/Attributes?$select=MetadataId,LogicalName,AttributeType,IsSecured,IsValidForCreate,IsValidForUpdate,IsValidForRead",
            DataverseJsonContext.Default.ODataPageAttributeMetadataDto,
            cancellationToken).ConfigureAwait(false);

        // MaxLength is declared on the derived StringAttributeMetadata/MemoAttributeMetadata types: $select it through a cast.
        var lengths = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var cast in (string[])["StringAttributeMetadata", "MemoAttributeMetadata"])
        {
            var items = await GetAllAsync(
                $"EntityDefinitions(LogicalName={name})/Attributes/Microsoft.Dynamics.CRM.{cast}?$select=LogicalName,MaxLength",
                DataverseJsonContext.Default.ODataPageMaxLengthDto,
                cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                lengths[item.LogicalName] = item.MaxLength;
            }
        }

        var (choices, multiSelect) = await GetChoicesAsync(name, cancellationToken).ConfigureAwait(false);
        var dates = await GetAllAsync(
            $"EntityDefinitions(LogicalName={name})/Attributes/Microsoft.Dynamics.CRM.DateTimeAttributeMetadata?$select=LogicalName,DateTimeBehavior",
            DataverseJsonContext.Default.ODataPageDateTimeAttributeDto,
            cancellationToken).ConfigureAwait(false);
        var dateOnly = dates.Where(d => d.DateTimeBehavior?.Value == "DateOnly").Select(d => d.LogicalName).ToHashSet(StringComparer.Ordinal);

        var privileges = await GetJsonAsync(
            $"systemusers({userId:D})/Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivileges()",
            DataverseJsonContext.Default.PrincipalAttributePrivilegesDto,
            cancellationToken).ConfigureAwait(false);
        var byAttribute = (privileges.AttributePrivileges ?? []).GroupBy(p => p.AttributeId).ToDictionary(g => g.Key, g => g.First());

        var columns = new Dictionary<string, ColumnAccess>(StringComparer.Ordinal);
        foreach (var a in attributes)
        {
            var secured = a.IsSecured == true;
            var privilege = byAttribute.GetValueOrDefault(a.MetadataId);
            bool Allowed(bool valid, Func<AttributePrivilegeDto, int> pick) =>
                valid && (!secured || (privilege is not null && pick(privilege) == FieldPermissionAllowed));
            var validRead = a.IsValidForRead == true;
            var validUpdate = a.IsValidForUpdate == true;
            var validCreate = a.IsValidForCreate == true;
            // A multi-select choice is reported as AttributeType Virtual; its MultiSelectPicklistAttributeMetadata cast says what it is.
            var attributeType = multiSelect.Contains(a.LogicalName) ? MultiSelectPicklist : a.AttributeType;
            columns[a.LogicalName] = new ColumnAccess(
                a.LogicalName, attributeType, secured, validCreate, validUpdate, validRead, lengths.GetValueOrDefault(a.LogicalName),
                CanRead: Allowed(validRead, p => p.CanRead),
                CanUpdate: Allowed(validUpdate, p => p.CanUpdate),
                CanCreate: Allowed(validCreate, p => p.CanCreate))
            {
                Options = choices.GetValueOrDefault(a.LogicalName),
                DateOnly = dateOnly.Contains(a.LogicalName),
            };
        }

        return new EntityColumnAccess(entity, columns);
    }

    /// <summary>
    /// The options of every choice column of a table, with all their localized labels: each derived attribute type
    /// (<c>PicklistAttributeMetadata</c>, <c>MultiSelectPicklistAttributeMetadata</c>, <c>StatusAttributeMetadata</c>,
    /// <c>StateAttributeMetadata</c>) through a cast with <c>$expand=OptionSet,GlobalOptionSet</c>; a column bound to a
    /// global choice has its options in <c>GlobalOptionSet</c>.
    /// </summary>
    private async Task<(Dictionary<string, IReadOnlyList<ChoiceOption>> Choices, HashSet<string> MultiSelect)> GetChoicesAsync(
        string quotedEntity, CancellationToken cancellationToken)
    {
        var choices = new Dictionary<string, IReadOnlyList<ChoiceOption>>(StringComparer.Ordinal);
        var multiSelect = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cast, expand) in ((string, string)[])[
            ("PicklistAttributeMetadata", "OptionSet,GlobalOptionSet"), ("MultiSelectPicklistAttributeMetadata", "OptionSet,GlobalOptionSet"),
            ("StatusAttributeMetadata", "OptionSet"), ("StateAttributeMetadata", "OptionSet")])
        {
            var items = await GetAllAsync(
                $"EntityDefinitions(LogicalName={quotedEntity})/Attributes/Microsoft.Dynamics.CRM.{cast}?$select=LogicalName&$expand={expand}",
                DataverseJsonContext.Default.ODataPageChoiceAttributeDto,
                cancellationToken).ConfigureAwait(false);
            foreach (var attribute in items)
            {
                var options = (attribute.GlobalOptionSet?.Options ?? attribute.OptionSet?.Options ?? [])
                    .Where(o => o.Value is not null)
                    .Select(o => new ChoiceOption(
                        o.Value!.Value,
                        (o.Label?.LocalizedLabels ?? []).Where(l => l.Label is not null)
                            .GroupBy(l => l.LanguageCode).ToDictionary(g => g.Key, g => g.First().Label!)))
                    .ToList();
                choices[attribute.LogicalName] = options;
                if (cast == "MultiSelectPicklistAttributeMetadata")
                {
                    multiSelect.Add(attribute.LogicalName);
                }
            }
        }

        return (choices, multiSelect);
    }

    /// <summary>
    /// Every row of a collection: the first page of <paramref name="relative"/>, then each absolute
    /// <c>@odata.nextLink</c> as sent (Web API "Page results"), until a page has none.
    /// </summary>
    private async Task<IReadOnlyList<T>> GetAllAsync<T>(string relative, JsonTypeInfo<ODataPage<T>> typeInfo, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        Uri? next = _transport.Resolve(relative);
        while (next is not null)
        {
            using var response = await GetAsync(next, maxPageSize: null, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var page = JsonSerializer.Deserialize(body, typeInfo) ?? throw new Http.DataverseException($"GET {next} returned an empty body.");
            rows.AddRange(page.Value ?? []);
            next = page.NextLink is { } link ? new Uri(link, UriKind.Absolute) : null;
        }

        return rows;
    }

    private async Task<T> GetJsonAsync<T>(string relative, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(relative, maxPageSize: null, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(body, typeInfo) ?? throw new Http.DataverseException($"GET {relative} returned an empty body.");
    }
}
