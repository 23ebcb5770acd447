namespace CrmSync.MarketoEmulator.Activities;

/// <summary>
/// Append-only activity log. An activity's id is its position, so a paging token is just a position
/// and reading a page is a slice, whatever the log size.
/// </summary>
internal sealed class ActivityLog
{
    private readonly Lock _lock = new();
    private readonly List<MarketoActivity> _entries = [];

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Appends one activity; the factory receives the new id.</summary>
    public MarketoActivity Append(Func<long, MarketoActivity> create)
    {
        lock (_lock)
        {
            var activity = create(_entries.Count + 1);
            _entries.Add(activity);
            return activity;
        }
    }

    /// <summary>The position of the first activity recorded at or after <paramref name="since"/>.</summary>
    public long PositionAt(DateTimeOffset since)
    {
        lock (_lock)
        {
            // RecordedAt never decreases (the clock only moves forward), so binary search holds.
            int lo = 0, hi = _entries.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_entries[mid].RecordedAt < since)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }

    /// <summary>
    /// Reads matching activities from <paramref name="position"/>: at most <paramref name="max"/>
    /// results, looking at no more than <paramref name="scanLimit"/> entries (like Marketo, a page may
    /// hold fewer items and still report more).
    /// </summary>
    public (List<MarketoActivity> Items, long Next, bool More) Read(long position, Func<MarketoActivity, bool> match, int max, int scanLimit)
    {
        lock (_lock)
        {
            var items = new List<MarketoActivity>();
            var i = (int)Math.Min(Math.Max(position, 0), _entries.Count);
            var scanned = 0;
            while (i < _entries.Count && items.Count < max && scanned < scanLimit)
            {
                var entry = _entries[i++];
                scanned++;
                if (match(entry))
                {
                    items.Add(entry);
                }
            }

            return (items, i, i < _entries.Count);
        }
    }

    /// <summary>A snapshot of all activities that match.</summary>
    public List<MarketoActivity> Snapshot(Func<MarketoActivity, bool> match)
    {
        lock (_lock)
        {
            return _entries.FindAll(e => match(e));
        }
    }
}
