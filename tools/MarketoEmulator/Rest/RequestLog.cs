using CrmSync.MarketoEmulator.Admin;

namespace CrmSync.MarketoEmulator.Rest;

/// <summary>Bounded log of answered calls plus counters.</summary>
internal sealed class RequestLog(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<MarketoRequestLogEntry> _entries = new();
    private readonly Dictionary<string, long> _errorsByCode = new(StringComparer.Ordinal);
    private long _ok;
    private long _errors;
    private long _tokens;

    public void Add(MarketoRequestLogEntry entry, bool isRest)
    {
        lock (_lock)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }

            if (!isRest)
            {
                _tokens++;
                return;
            }

            var error = entry.ErrorCode ?? (entry.StatusCode >= 400 ? entry.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
            if (error is null)
            {
                _ok++;
                return;
            }

            _errors++;
            _errorsByCode[error] = _errorsByCode.GetValueOrDefault(error) + 1;
        }
    }

    public List<MarketoRequestLogEntry> Entries()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    public MarketoCallCounters Counters(int quotaUsedToday)
    {
        lock (_lock)
        {
            return new(_ok + _errors, _ok, _errors, _tokens, quotaUsedToday, new Dictionary<string, long>(_errorsByCode));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _errorsByCode.Clear();
            _ok = _errors = _tokens = 0;
        }
    }
}
