using System.Collections.Generic;

namespace CrmSync.Plugins.Changes;

/// <summary>The mapped attributes an event stages, and those it had to leave out.</summary>
internal sealed class ChangeSet
{
    /// <summary>Attribute logical name → new value, in configured order.</summary>
    public List<KeyValuePair<string, object?>> Changes { get; } = new();

    /// <summary>Mapped attributes left out because the contract cannot carry their value's type.</summary>
    public List<string> Unsupported { get; } = new();

    /// <summary>Adds a change, or records the attribute as unsupported.</summary>
    public void Add(string attribute, object? value)
    {
        if (AttributeValues.IsSupported(value))
        {
            Changes.Add(new KeyValuePair<string, object?>(attribute, AttributeValues.Normalize(value)));
        }
        else
        {
            Unsupported.Add(attribute);
        }
    }
}
