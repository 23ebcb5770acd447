using CrmSync.Staging;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>Builders for planner inputs over the default mapping.</summary>
internal static class PlanData
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static RecordKey Lead(int n) => new(SyncEntity.Lead, Id(n));

    public static RecordKey Contact(int n) => new(SyncEntity.Contact, Id(n));

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static FieldValue V(string? text, FieldKind kind = FieldKind.Text) => FieldValue.FromString(text, kind);

    public static CrmChange Crm(RecordKey record, CrmMessage message, params (string Attribute, string? Value)[] attributes) =>
        Crm(record, message, T0, null, attributes);

    public static CrmChange Crm(
        RecordKey record, CrmMessage message, DateTimeOffset changedOn, Guid? originatingLead, params (string Attribute, string? Value)[] attributes)
    {
        var values = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (attribute, value) in attributes)
        {
            values[attribute] = attribute == SyncFilter.AttributeName
                ? (value is null ? FieldValue.Null : FieldValue.FromString(value, FieldKind.Boolean))
                : FieldValue.FromString(value, attribute == "emailaddress1" ? FieldKind.Email : FieldKind.Text);
        }

        return new CrmChange(record, message, values, changedOn, originatingLead);
    }

    public static MarketoChange Mkt(long leadId, params (string Field, string? Value)[] fields) => Mkt(leadId, T0, fields);

    public static MarketoChange Mkt(long leadId, DateTimeOffset at, params (string Field, string? Value)[] fields)
    {
        var values = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, value) in fields)
        {
            values[field] = FieldValue.FromString(value, field == "email" ? FieldKind.Email : FieldKind.Text);
        }

        return new MarketoChange(leadId, values, at);
    }

    public static ShadowValue Shadow(long marketoId, string field, string? value) =>
        new(marketoId, field, FieldValue.FromString(value, field == "email" ? FieldKind.Email : FieldKind.Text));

    public static PlanInput Input(
        IReadOnlyList<CrmChange>? crm = null,
        IReadOnlyList<MarketoChange>? marketo = null,
        IEnumerable<Link>? links = null,
        IEnumerable<ShadowValue>? shadows = null,
        IEnumerable<RejectedWrite>? rejections = null,
        IEnumerable<EmailOwner>? owners = null) =>
        new()
        {
            CrmChanges = crm ?? [],
            MarketoChanges = marketo ?? [],
            Links = links ?? [],
            Shadows = shadows ?? [],
            Rejections = rejections ?? [],
            EmailOwners = owners ?? [],
        };

    public static PlannedField Single(IReadOnlyList<PlannedField> fields) => Assert.Single(fields);
}
