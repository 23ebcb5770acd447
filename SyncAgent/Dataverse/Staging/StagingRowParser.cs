using System.Globalization;
using System.Text.Json;
using CrmSync.Staging;

namespace CrmSync.SyncAgent.Dataverse.Staging;

/// <summary>Reads <c>crmsync_syncevent</c> rows from Web API JSON; a malformed row becomes poison, never an exception.</summary>
internal static class StagingRowParser
{
    /// <summary>The columns the connector selects.</summary>
    public static readonly string[] Columns =
    [
        SyncEventTable.PrimaryIdAttribute, SyncEventTable.Entity, SyncEventTable.RecordId, SyncEventTable.Message,
        SyncEventTable.Changes, SyncEventTable.ChangedOn, SyncEventTable.OriginatingLeadId, SyncEventTable.CorrelationId,
        SyncEventTable.SubordinateId, SyncEventTable.VersionNumber,
    ];

    /// <summary>Parses one row object of a Web API collection; null when it has no usable staging id at all.</summary>
    public static StagingRow? Parse(JsonElement row)
    {
        if (!TryGetGuid(row, SyncEventTable.PrimaryIdAttribute, out var stagingId))
        {
            return null;
        }

        var entity = GetString(row, SyncEventTable.Entity);
        var message = GetString(row, SyncEventTable.Message);
        var hasRecordId = TryGetGuid(row, SyncEventTable.RecordId, out var recordId);
        var changedOn = GetString(row, SyncEventTable.ChangedOn) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : (DateTimeOffset?)null;
        var result = new StagingRow
        {
            StagingId = stagingId,
            Entity = entity,
            Message = message,
            RecordId = recordId,
            ChangedOn = changedOn ?? default,
            OriginatingLeadId = TryGetGuid(row, SyncEventTable.OriginatingLeadId, out var lead) ? lead : null,
            CorrelationId = TryGetGuid(row, SyncEventTable.CorrelationId, out var correlation) ? correlation : null,
            SubordinateId = TryGetGuid(row, SyncEventTable.SubordinateId, out var subordinate) ? subordinate : null,
            VersionNumber = row.TryGetProperty(SyncEventTable.VersionNumber, out var version) && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt64(out var number) ? number : null,
        };

        string? reason = entity is not (SyncedEntities.Lead or SyncedEntities.Contact) && Engine.EntityKinds.OneWayFor(entity) is null ? $"unknown entity '{entity}'"
            : message is not (SyncMessages.Create or SyncMessages.Update or SyncMessages.Delete or SyncMessages.Merge) ? $"unknown message '{message}'"
            : message == SyncMessages.Merge && !TryGetGuid(row, SyncEventTable.SubordinateId, out _) ? "a Merge without a subordinate id"
            : !hasRecordId ? "missing or invalid record id"
            : changedOn is null ? "missing or invalid changedon"
            : null;
        if (reason is not null)
        {
            return result with { PoisonReason = reason };
        }

        var changesText = GetString(row, SyncEventTable.Changes);
        if (string.IsNullOrWhiteSpace(changesText))
        {
            return message == SyncMessages.Delete ? result : result with { PoisonReason = "missing changes" };
        }

        return TryParseChanges(changesText, out var changes, out reason)
            ? result with { Changes = changes }
            : result with { PoisonReason = reason };
    }

    /// <summary>Parses a <c>crmsync_changes</c> JSON object per <see cref="ChangeValueJson"/>.</summary>
    public static bool TryParseChanges(string json, out IReadOnlyDictionary<string, ChangeValue> changes, out string? reason)
    {
        var result = new Dictionary<string, ChangeValue>(StringComparer.Ordinal);
        changes = result;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                reason = "changes is not a JSON object";
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!TryParseValue(property.Value, out var value))
                {
                    reason = $"attribute '{property.Name}' has an unsupported value";
                    return false;
                }

                result[property.Name] = value;
            }
        }
        catch (JsonException ex)
        {
            reason = "changes is not valid JSON: " + ex.Message;
            return false;
        }

        reason = null;
        return true;
    }

    private static bool TryParseValue(JsonElement element, out ChangeValue value)
    {
        value = ChangeValue.Null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                value = ChangeValue.FromString(element.GetString()!);
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                value = ChangeValue.FromBoolean(element.GetBoolean());
                return true;
            case JsonValueKind.Number when element.TryGetDecimal(out var number):
                value = ChangeValue.FromNumber(number);
                return true;
            case JsonValueKind.Object:
                return TryParseObject(element, out value);
            default:
                return false;
        }
    }

    private static bool TryParseObject(JsonElement element, out ChangeValue value)
    {
        value = ChangeValue.Null;
        if (element.TryGetProperty(ChangeValueJson.OptionSet, out var option) && option.ValueKind == JsonValueKind.Number && option.TryGetInt32(out var code))
        {
            value = ChangeValue.FromOptionSet(code);
            return true;
        }

        if (element.TryGetProperty(ChangeValueJson.Money, out var money) && money.ValueKind == JsonValueKind.Number && money.TryGetDecimal(out var amount))
        {
            value = ChangeValue.FromMoney(amount);
            return true;
        }

        if (element.TryGetProperty(ChangeValueJson.Reference, out var reference) && reference.ValueKind == JsonValueKind.Object
            && GetString(reference, ChangeValueJson.ReferenceEntity) is { Length: > 0 } entity
            && TryGetGuid(reference, ChangeValueJson.ReferenceId, out var id))
        {
            value = ChangeValue.FromReference(entity, id);
            return true;
        }

        return false;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryGetGuid(JsonElement element, string name, out Guid id)
    {
        id = Guid.Empty;
        return GetString(element, name) is { } text && Guid.TryParse(text, out id);
    }
}
