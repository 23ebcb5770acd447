using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Changes;

/// <summary>Turns an event's Target and PreImage into the mapped attributes to stage.</summary>
internal static class ChangeDetector
{
    /// <summary>
    /// Create: the mapped attributes the Target sets. Null (and empty) values are left out: a new
    /// record has nothing to clear, and staging nulls could blank a matched Marketo person.
    /// </summary>
    public static ChangeSet ForCreate(IReadOnlyList<string> mapped, Entity target)
    {
        var result = new ChangeSet();
        foreach (var attribute in mapped)
        {
            if (target.Attributes.TryGetValue(attribute, out var value) && AttributeValues.Normalize(value) is not null)
            {
                result.Add(attribute, value);
            }
        }

        return result;
    }

    /// <summary>
    /// Update: the mapped attributes in the Target whose value differs from the PreImage's. Dataverse
    /// leaves null attributes out of images, so an attribute missing from the PreImage was null.
    /// Without a PreImage nothing can be compared, and every mapped attribute in the Target is staged.
    /// </summary>
    public static ChangeSet ForUpdate(IReadOnlyList<string> mapped, Entity target, Entity? preImage)
    {
        var result = new ChangeSet();
        foreach (var attribute in mapped)
        {
            if (!target.Attributes.TryGetValue(attribute, out var value))
            {
                continue;
            }

            var before = preImage is not null && preImage.Attributes.TryGetValue(attribute, out var old) ? old : null;
            if (preImage is null || !AttributeValues.AreEqual(value, before))
            {
                result.Add(attribute, value);
            }
        }

        return result;
    }

    /// <summary>The whole mapped record after the operation: Target over PreImage; absent from both is null.</summary>
    public static ChangeSet WholeRecord(IReadOnlyList<string> mapped, Entity? target, Entity? preImage)
    {
        var result = new ChangeSet();
        foreach (var attribute in mapped)
        {
            object? value = null;
            if (target is null || !target.Attributes.TryGetValue(attribute, out value))
            {
                value = preImage is not null && preImage.Attributes.TryGetValue(attribute, out var before) ? before : null;
            }

            result.Add(attribute, value);
        }

        return result;
    }
}
