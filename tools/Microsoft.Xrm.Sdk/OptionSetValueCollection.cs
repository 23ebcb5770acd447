using System.Collections.Generic;
using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk;

/// <summary>The value of a multi-select choice column: the selected <see cref="OptionSetValue"/>s.</summary>
[CollectionDataContract(Name = "OptionSetValueCollection", Namespace = "http://schemas.microsoft.com/xrm/9.0/Contracts")]
public sealed class OptionSetValueCollection : DataCollection<OptionSetValue>
{
    /// <summary>Creates an empty collection.</summary>
    public OptionSetValueCollection()
    {
    }

    /// <summary>Creates a collection over <paramref name="list"/>.</summary>
    public OptionSetValueCollection(IList<OptionSetValue> list)
        : base(list)
    {
    }
}
