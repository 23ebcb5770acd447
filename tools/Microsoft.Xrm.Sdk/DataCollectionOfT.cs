using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

/// <summary>
/// A list of SDK data (e.g. <see cref="OptionSetValueCollection"/>): the platform type extends
/// <see cref="Collection{T}"/> with <c>AddRange</c> and <c>ToArray</c>, as <see cref="List{T}"/> has them.
/// </summary>
public abstract class DataCollection<T> : Collection<T>
{
    /// <summary>Creates an empty collection.</summary>
    protected DataCollection()
    {
    }

    /// <summary>Creates a collection over <paramref name="list"/>.</summary>
    protected DataCollection(IList<T> list)
        : base(list)
    {
    }

    /// <summary>Adds the items to the end of the collection.</summary>
    public void AddRange(params T[] items) => AddRange((IEnumerable<T>)items);

    /// <summary>Adds the items to the end of the collection.</summary>
    public void AddRange(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Copies the items to a new array.</summary>
    public T[] ToArray()
    {
        var items = new T[Count];
        CopyTo(items, 0);
        return items;
    }
}
