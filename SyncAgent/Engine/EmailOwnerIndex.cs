namespace CrmSync.SyncAgent.Engine;

/// <summary>The persons holding each e-mail, indexed for the planner.</summary>
internal sealed class EmailOwnerIndex
{
    private readonly Dictionary<FieldValue, List<EmailOwner>> owners = [];

    /// <summary>Indexes <paramref name="owners"/>.</summary>
    public EmailOwnerIndex(IEnumerable<EmailOwner> owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        foreach (var owner in owners)
        {
            if (owner.Email.IsNull)
            {
                continue;
            }

            if (!this.owners.TryGetValue(owner.Email, out var list))
            {
                this.owners[owner.Email] = list = [];
            }

            list.Add(owner);
        }
    }

    /// <summary>
    /// Finds a person holding <paramref name="email"/> that is linked to a record other than <paramref name="record"/>
    /// and is not <paramref name="self"/> (the record's own person) nor one the plan <paramref name="unlinks"/>.
    /// </summary>
    public bool TryFindLinkedElsewhere(
        FieldValue email, RecordKey record, long? self, IReadOnlySet<long> unlinks, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EmailOwner? owner)
    {
        if (owners.Count > 0 && !email.IsNull && owners.TryGetValue(email, out var list))
        {
            foreach (var candidate in list)
            {
                if (candidate.LinkedRecord is { } linked && linked != record && candidate.MarketoId != self && !unlinks.Contains(candidate.MarketoId))
                {
                    owner = candidate;
                    return true;
                }
            }
        }

        owner = null;
        return false;
    }

    /// <summary>Finds the unlinked person holding <paramref name="email"/> whose values were read, the one a create-or-update by e-mail matches.</summary>
    public bool TryFindUnlinkedWithValues(FieldValue email, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EmailOwner? owner)
    {
        owner = !email.IsNull && owners.TryGetValue(email, out var list)
            ? list.FirstOrDefault(o => o.LinkedRecord is null && o.Values is not null)
            : null;
        return owner is not null;
    }
}
