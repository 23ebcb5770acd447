using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Builds the engine's <see cref="FieldMapping"/> from <c>CrmSync:Sync:Fields</c> (validated options).</summary>
internal static class FieldMappingFactory
{
    /// <summary>The configured mapping, or the default mapping when none is configured.</summary>
    public static FieldMapping Create(SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Fields.Count == 0 ? DefaultFieldMapping.Mapping : new FieldMapping(Maps(options.Fields));
    }

    /// <summary>The field maps of <paramref name="fields"/>, one per entity; invalid entries are skipped (the validator reports them).</summary>
    public static IEnumerable<(int Index, FieldMap Map)> MapsWithIndex(IReadOnlyList<FieldMappingOptions> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (string.IsNullOrWhiteSpace(field.Marketo) || string.IsNullOrWhiteSpace(field.Dynamics)
                || !TryParseWinner(field.Winner, out var winner) || !TryParseKind(field.Type, field.Dynamics, out var kind)
                || !TryParseDirection(field.Direction, out var direction) || !TryParseLookupValue(field.LookupValue, out var lookup))
            {
                continue;
            }

            foreach (var entity in Entities(field))
            {
                yield return (i, new FieldMap(entity, field.Marketo.Trim(), field.Dynamics.Trim(), kind, winner)
                {
                    Direction = direction,
                    KeepNonBlank = field.KeepNonBlank,
                    Truncate = field.Truncate,
                    LookupValue = lookup,
                    KindFromMetadata = string.IsNullOrWhiteSpace(field.Type) && kind != FieldKind.Email,
                });
            }
        }
    }

    /// <summary>Parses a <c>winner</c>: empty → default rule, or <c>dynamics</c>, <c>marketo</c>, <c>newest</c> (case-insensitive).</summary>
    public static bool TryParseWinner(string? text, out CollisionWinner winner)
    {
        winner = CollisionWinner.Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        return text.Trim().ToUpperInvariant() switch
        {
            "DYNAMICS" => Set(CollisionWinner.Dynamics, out winner),
            "MARKETO" => Set(CollisionWinner.Marketo, out winner),
            "NEWEST" => Set(CollisionWinner.Newest, out winner),
            _ => false,
        };
    }

    /// <summary>Parses a <c>direction</c>: empty → both, or <c>both</c>, <c>toMarketo</c>, <c>toDynamics</c> (case-insensitive).</summary>
    public static bool TryParseDirection(string? text, out FieldDirection direction)
    {
        direction = FieldDirection.Both;
        return string.IsNullOrWhiteSpace(text)
            || (Enum.TryParse(text.Trim(), ignoreCase: true, out direction) && Enum.IsDefined(direction) && !int.TryParse(text, out _));
    }

    /// <summary>Parses a <c>lookupValue</c>: empty → email, or <c>email</c>, <c>name</c> (case-insensitive).</summary>
    public static bool TryParseLookupValue(string? text, out LookupDisplay value)
    {
        value = LookupDisplay.Email;
        return string.IsNullOrWhiteSpace(text)
            || (Enum.TryParse(text.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _));
    }

    /// <summary>Parses a <c>type</c>; empty → <c>email</c> for <c>emailaddress1</c>, else <c>text</c>.</summary>
    public static bool TryParseKind(string? text, string? dynamics, out FieldKind kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            kind = string.Equals(dynamics?.Trim(), "emailaddress1", StringComparison.OrdinalIgnoreCase) ? FieldKind.Email : FieldKind.Text;
            return true;
        }

        return Enum.TryParse(text.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);
    }

    /// <summary>The entities of an entry (empty → both); unknown names are skipped (the validator reports them).</summary>
    public static IEnumerable<SyncEntity> Entities(FieldMappingOptions field)
    {
        if (field.Entities.Count == 0)
        {
            yield return SyncEntity.Lead;
            yield return SyncEntity.Contact;
            yield break;
        }

        foreach (var name in field.Entities.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (SyncEntityNames.TryParse(name?.Trim(), out var entity))
            {
                yield return entity;
            }
        }
    }

    private static IEnumerable<FieldMap> Maps(IReadOnlyList<FieldMappingOptions> fields)
    {
        foreach (var (_, map) in MapsWithIndex(fields))
        {
            yield return map;
        }
    }

    private static bool Set(CollisionWinner value, out CollisionWinner winner)
    {
        winner = value;
        return true;
    }
}
