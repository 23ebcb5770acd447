using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Builds the enabled one-way kinds' <see cref="ObjectMappings"/> from <c>CrmSync:Sync:&lt;kind&gt;</c> (validated options).</summary>
internal static class ObjectMappingFactory
{
    /// <summary>The types a one-way field may have: lookups and multi-selects are not sent to Marketo objects.</summary>
    public static readonly FieldKind[] AllowedKinds =
        [FieldKind.Text, FieldKind.Number, FieldKind.Money, FieldKind.Boolean, FieldKind.Date, FieldKind.DateTime, FieldKind.OptionSet];

    /// <summary>The enabled one-way kinds with their fields (configured, or the defaults).</summary>
    public static ObjectMappings Create(SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mappings = new List<ObjectMapping>();
        foreach (var kind in EntityKinds.OneWay)
        {
            if (options.For(kind) is not { Enabled: true } configured)
            {
                continue;
            }

            var fields = configured.Fields.Count == 0
                ? kind.DefaultFields
                : [.. configured.Fields.Where(f => !string.IsNullOrWhiteSpace(f.Marketo) && !string.IsNullOrWhiteSpace(f.Dynamics) && TryParseKind(f.Type, out _))
                    .Select(f =>
                    {
                        TryParseKind(f.Type, out var parsed);
                        return f.TrueWhen.Count > 0
                            ? new ObjectField(f.Marketo!.Trim(), f.Dynamics!.Trim(), FieldKind.Boolean) { TrueWhen = [.. f.TrueWhen] }
                            : new ObjectField(f.Marketo!.Trim(), f.Dynamics!.Trim(), parsed) { KindFromMetadata = string.IsNullOrWhiteSpace(f.Type) };
                    })];
            mappings.Add(new ObjectMapping(kind, fields) { RoleName = RoleName(kind, configured) });
        }

        return mappings.Count == 0 ? ObjectMappings.None : new ObjectMappings(mappings);
    }

    /// <summary>The role's name of <paramref name="kind"/>: the configured <c>Role</c>, else the kind's default; null when the kind has no roles.</summary>
    public static string? RoleName(EntityKind kind, ObjectKindOptions configured)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(configured);
        return kind.RoleObject is null ? null : (configured.Role ?? kind.DefaultRoleName)?.Trim();
    }

    /// <summary>Parses a one-way field's <c>Type</c>; empty → text (the column's metadata may refine it).</summary>
    public static bool TryParseKind(string? text, out FieldKind kind)
    {
        kind = FieldKind.Text;
        return string.IsNullOrWhiteSpace(text)
            || (Enum.TryParse(text.Trim(), ignoreCase: true, out kind) && AllowedKinds.Contains(kind) && !int.TryParse(text, out _));
    }
}
