namespace CrmSync.SyncAgent.Engine;

/// <summary>The mapping used when none is configured; the solution's plug-in steps filter on the same attributes.</summary>
internal static class DefaultFieldMapping
{
    // Names as Marketo's Describe Lead and Dynamics' lead/contact metadata give them. Columns only a lead has are lead-only;
    // contact.leadsourcecode is left out: a new organization gives it the single option "Default Value", so every Marketo
    // source would be a rejection.
    private static readonly (string Dynamics, string Marketo, FieldKind Kind, bool LeadOnly, FieldDirection Direction)[] Pairs =
    [
        ("emailaddress1", "email", FieldKind.Email, false, FieldDirection.Both),
        ("firstname", "firstName", FieldKind.Text, false, FieldDirection.Both),
        ("lastname", "lastName", FieldKind.Text, false, FieldDirection.Both),
        ("telephone1", "phone", FieldKind.Text, false, FieldDirection.Both),
        ("mobilephone", "mobilePhone", FieldKind.Text, false, FieldDirection.Both),
        ("jobtitle", "title", FieldKind.Text, false, FieldDirection.Both),
        ("companyname", "company", FieldKind.Text, true, FieldDirection.Both),
        ("address1_city", "city", FieldKind.Text, false, FieldDirection.Both),
        ("address1_stateorprovince", "state", FieldKind.Text, false, FieldDirection.Both),
        ("address1_postalcode", "postalCode", FieldKind.Text, false, FieldDirection.Both),
        ("address1_country", "country", FieldKind.Text, false, FieldDirection.Both),
        ("salutation", "salutation", FieldKind.Text, false, FieldDirection.Both),
        ("middlename", "middleName", FieldKind.Text, false, FieldDirection.Both),
        ("fax", "fax", FieldKind.Text, false, FieldDirection.Both),
        ("websiteurl", "website", FieldKind.Text, false, FieldDirection.Both),
        ("address1_line1", "address", FieldKind.Text, false, FieldDirection.Both),
        ("industrycode", "industry", FieldKind.OptionSet, true, FieldDirection.Both),
        ("revenue", "annualRevenue", FieldKind.Money, true, FieldDirection.Both),
        ("numberofemployees", "numberOfEmployees", FieldKind.Number, true, FieldDirection.Both),
        ("leadsourcecode", "leadSource", FieldKind.OptionSet, true, FieldDirection.Both),
        ("donotbulkemail", "unsubscribed", FieldKind.Boolean, false, FieldDirection.Both),
        ("donotphone", "doNotCall", FieldKind.Boolean, false, FieldDirection.Both),
        ("statuscode", "leadStatus", FieldKind.OptionSet, false, FieldDirection.ToMarketo),
    ];

    /// <summary>The default mapping, compiled.</summary>
    public static FieldMapping Mapping { get; } = new(Build());

    /// <summary>The default field maps: lead gets all 23, contact the 18 that are not lead-only.</summary>
    public static IReadOnlyList<FieldMap> Maps { get; } = [.. Mapping.For(SyncEntity.Lead), .. Mapping.For(SyncEntity.Contact)];

    private static FieldMap[] Build()
    {
        var maps = new List<FieldMap>();
        foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
        {
            foreach (var (dynamics, marketo, kind, leadOnly, direction) in Pairs)
            {
                if (!leadOnly || entity == SyncEntity.Lead)
                {
                    maps.Add(new FieldMap(entity, marketo, dynamics, kind, CollisionWinner.Default) { Direction = direction });
                }
            }
        }

        return [.. maps];
    }
}
