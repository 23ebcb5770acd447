using System.Collections;
using System.Collections.Generic;

namespace Microsoft.Xrm.Sdk;

/// <summary>
/// A keyed collection of SDK data (attributes, parameters, images). Wraps a dictionary, as the
/// platform type does; <see cref="AttributeCollection"/>, <see cref="ParameterCollection"/> and
/// <see cref="EntityImageCollection"/> derive from it, and their members bind here.
/// </summary>
public abstract class DataCollection<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _items;

    /// <summary>Creates an empty collection.</summary>
    protected DataCollection()
    {
        _items = new Dictionary<TKey, TValue>();
    }

    /// <summary>Creates an empty collection with the given key comparer.</summary>
    protected DataCollection(IEqualityComparer<TKey> comparer)
    {
        _items = new Dictionary<TKey, TValue>(comparer);
    }

    /// <summary>Gets or sets the value for <paramref name="key"/>; a missing key throws on get.</summary>
    public TValue this[TKey key]
    {
        get => _items[key];
        set => _items[key] = value;
    }

    /// <summary>Number of items.</summary>
    public int Count => _items.Count;

    /// <summary>The keys.</summary>
    public ICollection<TKey> Keys => _items.Keys;

    /// <summary>The values.</summary>
    public ICollection<TValue> Values => _items.Values;

    /// <summary>Always false: SDK data collections are writable.</summary>
    public bool IsReadOnly => false;

    /// <summary>Adds an item; throws when the key exists.</summary>
    public void Add(TKey key, TValue value) => _items.Add(key, value);

    /// <summary>Adds an item; throws when the key exists.</summary>
    public void Add(KeyValuePair<TKey, TValue> item) => _items.Add(item.Key, item.Value);

    /// <summary>Adds every item.</summary>
    public void AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items)
    {
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Removes every item.</summary>
    public void Clear() => _items.Clear();

    /// <summary>Whether the key is present.</summary>
    public bool Contains(TKey key) => _items.ContainsKey(key);

    /// <summary>Whether the key is present with this value.</summary>
    public bool Contains(KeyValuePair<TKey, TValue> key) =>
        _items.TryGetValue(key.Key, out var value) && EqualityComparer<TValue>.Default.Equals(value, key.Value);

    /// <summary>Whether the key is present.</summary>
    public bool ContainsKey(TKey key) => _items.ContainsKey(key);

    /// <summary>Gets the value for a key, if present.</summary>
    public bool TryGetValue(TKey key, out TValue value) => _items.TryGetValue(key, out value!);

    /// <summary>Removes the key.</summary>
    public bool Remove(TKey key) => _items.Remove(key);

    /// <summary>Removes the key when it holds this value.</summary>
    public bool Remove(KeyValuePair<TKey, TValue> item) => Contains(item) && _items.Remove(item.Key);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
