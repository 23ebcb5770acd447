using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>A record: a table's logical name, an id and its attribute values.</summary>
public class Entity
{
    private AttributeCollection _attributes = new();

    /// <summary>Creates an entity with no name.</summary>
    public Entity()
    {
    }

    /// <summary>Creates an entity of the given table.</summary>
    public Entity(string entityName)
    {
        LogicalName = entityName;
    }

    /// <summary>Creates an entity of the given table with an id.</summary>
    public Entity(string entityName, Guid id)
    {
        LogicalName = entityName;
        Id = id;
    }

    /// <summary>The table's logical name.</summary>
    public string LogicalName { get; set; } = string.Empty;

    /// <summary>The record's id.</summary>
    public virtual Guid Id { get; set; }

    /// <summary>The attribute values.</summary>
    public AttributeCollection Attributes
    {
        get => _attributes;
        set => _attributes = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets an attribute value; a missing attribute throws on get.</summary>
    public object this[string attributeName]
    {
        get => Attributes[attributeName];
        set => Attributes[attributeName] = value;
    }

    /// <summary>Whether the attribute is present (its value may be null).</summary>
    public bool Contains(string attributeName) => Attributes.Contains(attributeName);

    /// <summary>The attribute's value as <typeparamref name="T"/>, or <c>default(T)</c> when missing or null.</summary>
    public T GetAttributeValue<T>(string attributeLogicalName)
    {
        if (Attributes.TryGetValue(attributeLogicalName, out var value) && value is T typed)
        {
            return typed;
        }

        return default!;
    }

    /// <summary>A reference to this record.</summary>
    public EntityReference ToEntityReference() => new(LogicalName, Id);

    /// <summary>Sets an attribute value (platform: protected; callers use the indexer).</summary>
    protected void SetAttributeValue(string attributeLogicalName, object value) => Attributes[attributeLogicalName] = value;
}
