namespace CrmSync.SyncAgent.Engine;

/// <summary>The mapping used when none is configured; the solution's plug-in steps filter on the same attributes.</summary>
internal static class DefaultFieldMapping
{
    private static readonly (string Dynamics, string Marketo, FieldKind Kind, bool LeadOnly)[] Pairs =
    [
        ("emailaddress1", "email", FieldKind.Email, false),
        ("firstname", "firstName", FieldKind.Text, false),
        ("lastname", "lastName", FieldKind.Text, false),
        ("telephone1", "phone", FieldKind.Text, false),
        ("mobilephone", "mobilePhone", FieldKind.Text, false),
        ("jobtitle", "title", FieldKind.Text, false),
        ("companyname", "company", FieldKind.Text, true),
        ("address1_city", "city", FieldKind.Text, false),
        ("address1_stateorprovince", "state", FieldKind.Text, false),
        ("address1_postalcode", "postalCode", FieldKind.Text, false),
        ("address1_country", "country", FieldKind.Text, false),
    ];

    /// <summary>The default mapping, compiled.</summary>
    public static FieldMapping Mapping { get; } = new(Build());

    /// <summary>The default field maps: lead gets all eleven, contact all but <c>companyname</c>.</summary>
    public static IReadOnlyList<FieldMap> Maps { get; } = [.. Mapping.For(SyncEntity.Lead), .. Mapping.For(SyncEntity.Contact)];

    private static FieldMap[] Build()
    {
        var maps = new List<FieldMap>();
        foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
        {
            foreach (var (dynamics, marketo, kind, leadOnly) in Pairs)
            {
                if (!leadOnly || entity == SyncEntity.Lead)
                {
                    maps.Add(new FieldMap(entity, marketo, dynamics, kind, CollisionWinner.Default));
                }
            }
        }

        return [.. maps];
    }
}
