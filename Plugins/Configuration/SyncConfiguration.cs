using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using CrmSync.Plugins.Json;
using CrmSync.Staging;

namespace CrmSync.Plugins.Configuration;

/// <summary>
/// The plug-in step's unsecure configuration:
/// <c>{"syncUserId":"&lt;guid&gt;","attributes":{"lead":["emailaddress1",...],"contact":[...]}}</c>.
/// Immutable, so one parsed instance serves every thread the platform runs the cached plug-in on.
/// </summary>
public sealed class SyncConfiguration
{
    private readonly Dictionary<string, ReadOnlyCollection<string>> _attributes;

    /// <summary>Creates a configuration; attribute names are trimmed, lower-cased and de-duplicated.</summary>
    /// <param name="syncUserId">The sync agent's Dynamics user; its direct (depth 1) writes are not staged.</param>
    /// <param name="attributes">Mapped attribute logical names per entity (<c>lead</c>, <c>contact</c>, <c>account</c>).</param>
    /// <exception cref="ArgumentException">An empty user id, an entity other than lead/contact/account, or an invalid attribute name.</exception>
    public SyncConfiguration(Guid syncUserId, IEnumerable<KeyValuePair<string, IEnumerable<string>>> attributes)
    {
        if (syncUserId == Guid.Empty)
        {
            throw new ArgumentException("The sync user id must not be empty.", nameof(syncUserId));
        }

        if (attributes is null)
        {
            throw new ArgumentNullException(nameof(attributes));
        }

        SyncUserId = syncUserId;
        _attributes = new Dictionary<string, ReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var entity in attributes)
        {
            if (entity.Key != SyncedEntities.Lead && entity.Key != SyncedEntities.Contact && entity.Key != SyncedEntities.Account
                && entity.Key != SyncedEntities.Opportunity)
            {
                throw new ArgumentException("Unsupported entity \"" + entity.Key + "\": only lead, contact, account and opportunity sync.", nameof(attributes));
            }

            if (_attributes.ContainsKey(entity.Key))
            {
                throw new ArgumentException("Entity \"" + entity.Key + "\" is listed twice.", nameof(attributes));
            }

            _attributes.Add(entity.Key, Normalize(entity.Key, entity.Value));
        }
    }

    /// <summary>The sync agent's Dynamics user id.</summary>
    public Guid SyncUserId { get; }

    /// <summary>The mapped attributes of <paramref name="entityName"/>, in configured order; false when the entity is not configured.</summary>
    public bool TryGetAttributes(string entityName, out IReadOnlyList<string> attributes)
    {
        if (entityName is not null && _attributes.TryGetValue(entityName, out var names))
        {
            attributes = names;
            return true;
        }

        attributes = Array.Empty<string>();
        return false;
    }

    /// <summary>Parses the step's unsecure configuration JSON.</summary>
    /// <exception cref="FormatException">The text is missing, not JSON, or not the documented shape.</exception>
    public static SyncConfiguration Parse(string? json)
    {
        if (json is null || json.Trim().Length == 0)
        {
            throw new FormatException("The step's unsecure configuration is empty.");
        }

        if (JsonParser.Parse(json) is not Dictionary<string, object?> root)
        {
            throw new FormatException("The configuration must be a JSON object.");
        }

        if (!root.TryGetValue(PluginStepConfiguration.SyncUserId, out var userValue) ||
            userValue is not string userText ||
            !Guid.TryParse(userText, out var syncUserId) ||
            syncUserId == Guid.Empty)
        {
            throw new FormatException("\"" + PluginStepConfiguration.SyncUserId + "\" must be a non-empty GUID string.");
        }

        if (!root.TryGetValue(PluginStepConfiguration.Attributes, out var attributesValue) ||
            attributesValue is not Dictionary<string, object?> attributesObject)
        {
            throw new FormatException("\"" + PluginStepConfiguration.Attributes + "\" must be an object of entity → attribute list.");
        }

        var attributes = new List<KeyValuePair<string, IEnumerable<string>>>();
        foreach (var entity in attributesObject)
        {
            if (entity.Value is not List<object?> list)
            {
                throw new FormatException("\"" + PluginStepConfiguration.Attributes + "." + entity.Key + "\" must be an array of attribute names.");
            }

            var names = new List<string>(list.Count);
            foreach (var item in list)
            {
                names.Add(item as string ?? throw new FormatException(
                    "\"" + PluginStepConfiguration.Attributes + "." + entity.Key + "\" must hold only strings."));
            }

            attributes.Add(new KeyValuePair<string, IEnumerable<string>>(entity.Key, names));
        }

        try
        {
            return new SyncConfiguration(syncUserId, attributes);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static ReadOnlyCollection<string> Normalize(string entity, IEnumerable<string> names)
    {
        var result = new List<string>();
        foreach (var raw in names ?? throw new ArgumentException("Entity \"" + entity + "\" has no attribute list."))
        {
            var name = (raw ?? string.Empty).Trim().ToLower(CultureInfo.InvariantCulture);
            if (!IsLogicalName(name))
            {
                throw new ArgumentException("\"" + raw + "\" of entity \"" + entity + "\" is not an attribute logical name.");
            }

            if (!result.Contains(name))
            {
                result.Add(name);
            }
        }

        return result.AsReadOnly();
    }

    private static bool IsLogicalName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
