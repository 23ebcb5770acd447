namespace CrmSync.MarketoEmulator.Activities;

/// <summary>One entry of the emulator's append-only activity log, as Get Lead Activities reports it.</summary>
public sealed class MarketoActivity
{
    /// <summary>Activity type id of New Lead.</summary>
    public const int NewLead = 12;

    /// <summary>Activity type id of Change Data Value.</summary>
    public const int ChangeDataValue = 13;

    /// <summary>Activity type id of Merge Leads (attributes Merge ids, Merged in Sales, Merge Source, Master Updated).</summary>
    public const int MergeLeads = 32;

    /// <summary>Activity type id of Delete Lead.</summary>
    public const int DeleteLead = 37;

    /// <summary>Position in the log, from 1; <c>marketoGUID</c> is its text form.</summary>
    public required long Id { get; init; }

    /// <summary>The person the activity belongs to.</summary>
    public required int LeadId { get; init; }

    /// <summary>When the activity happened (custom activities carry the caller's date).</summary>
    public required DateTimeOffset ActivityDate { get; init; }

    /// <summary>When the emulator recorded it; paging tokens from a date use this.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>12 New Lead, 13 Change Data Value, 32 Merge Leads, 37 Delete Lead, or a custom type id (100001+).</summary>
    public required int ActivityTypeId { get; init; }

    /// <summary>Field id for Change Data Value; lead id for New Lead / Delete Lead.</summary>
    public int? PrimaryAttributeValueId { get; init; }

    /// <summary>Field display name, person name, or a custom activity's primary attribute value.</summary>
    public string? PrimaryAttributeValue { get; init; }

    /// <summary>For Change Data Value: the one field changed.</summary>
    public MarketoFieldChange? Change { get; init; }

    /// <summary>Secondary attributes (Reason/Source for changes; custom attributes for custom activities).</summary>
    public IReadOnlyList<MarketoActivityAttribute> Attributes { get; init; } = [];

    /// <summary>The <c>marketoGUID</c> the REST API reports.</summary>
    public string MarketoGuid => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The attribute value with this name, or null.</summary>
    public object? Attribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (string.Equals(a.Name, name, StringComparison.Ordinal) || string.Equals(a.ApiName, name, StringComparison.Ordinal))
            {
                return a.Value;
            }
        }

        return null;
    }
}
