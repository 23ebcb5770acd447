using CrmSync.SyncAgent.Engine;

namespace CrmSync.Benchmarks.Micro.Engine;

/// <summary>
/// A realistic planning input: <see cref="Persons"/> linked persons with shadows for every mapped field; half changed
/// in Dynamics only, four in ten in Marketo only, one in ten on both sides (one field in collision), each side
/// changing <see cref="FieldsPerSide"/> fields.
/// </summary>
internal static class PlanningWorkload
{
    public const int Persons = 10_000;

    public const int FieldsPerSide = 4;

    /// <summary>Field changes in the input: 5,000 × 4 (Dynamics) + 4,000 × 4 (Marketo) + 1,000 × 8 (both).</summary>
    public const int FieldChanges = (Persons / 2 * FieldsPerSide) + (Persons * 4 / 10 * FieldsPerSide) + (Persons / 10 * FieldsPerSide * 2);

    private static readonly string[] ChangedDynamics = ["telephone1", "jobtitle", "address1_city", "address1_postalcode"];
    private static readonly string[] ChangedMarketo = ["phone", "title", "city", "postalCode"];

    public static PlanInput Create()
    {
        var mapping = DefaultFieldMapping.Mapping;
        var changedOn = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);
        var links = new List<Link>(Persons);
        var shadows = new List<ShadowValue>(Persons * 11);
        var crm = new List<CrmChange>();
        var marketo = new List<MarketoChange>();
        for (var i = 0; i < Persons; i++)
        {
            var entity = i % 3 == 0 ? SyncEntity.Lead : SyncEntity.Contact;
            var marketoId = 1_000_000L + i;
            var link = new Link(marketoId, new RecordKey(entity, new Guid(i + 1, 0, 0, new byte[8])));
            links.Add(link);
            foreach (var map in mapping.For(entity))
            {
                shadows.Add(new ShadowValue(marketoId, map.Marketo, FieldValue.FromString($"{map.Marketo}-{i}", map.Kind)));
            }

            var slot = i % 10;
            if (slot < 5 || slot == 9)
            {
                var attributes = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
                foreach (var attribute in ChangedDynamics)
                {
                    attributes[attribute] = FieldValue.FromString($"{attribute}-crm-{i}");
                }

                crm.Add(new CrmChange(link.Record, CrmMessage.Update, attributes, changedOn));
            }

            if (slot >= 5)
            {
                var fields = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
                foreach (var field in ChangedMarketo)
                {
                    fields[field] = FieldValue.FromString($"{field}-mkto-{i}");
                }

                marketo.Add(new MarketoChange(marketoId, fields, changedOn.AddSeconds(1)));
            }
        }

        return new PlanInput { CrmChanges = crm, MarketoChanges = marketo, Links = links, Shadows = shadows, Mapping = mapping };
    }
}
