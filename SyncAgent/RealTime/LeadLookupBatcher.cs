using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>
/// Coalesces the Get Leads by id of concurrent sync-person calls (issue 17): one Marketo call is in flight at a time,
/// and the persons asked for while it is in flight go together in the next one, up to <see cref="MaxIds"/> ids per
/// call (Marketo's 300 <c>filterValues</c>; the client splits further when the URI would pass its length limit). So a
/// burst of new persons costs a handful of calls of Marketo's 100 per 20 s and 10 at once, not one call per person.
/// A batch that starts when none is in flight first waits the gather window (<c>CrmSync:Webhook:LookupGatherWindow</c>)
/// for the calls arriving with it.
/// </summary>
/// <remarks>
/// A batch asks for the union of its callers' fields. A caller that stops waiting (its deadline) leaves the batch
/// running for the others. A failed batch fails each of its callers with the same exception, so each answers as its
/// own failed Marketo call would.
/// </remarks>
internal sealed class LeadLookupBatcher(
    Func<IReadOnlyList<long>, IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyList<MarketoLead>>> getLeads,
    TimeSpan gatherWindow,
    TimeProvider time)
{
    /// <summary>Marketo's limit of <c>filterValues</c> per Get Leads by Filter Type call.</summary>
    public const int MaxIds = 300;

    private readonly Lock _gate = new();
    private readonly List<Waiter> _queue = [];
    private bool _pumping;

    /// <summary>Callers waiting for a call that has not started yet (the next batch).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The person <paramref name="id"/> with <paramref name="fields"/>; null when Marketo has no such person.</summary>
    public Task<MarketoLead?> GetAsync(long id, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(id, fields);
        bool start;
        lock (_gate)
        {
            _queue.Add(waiter);
            start = !_pumping;
            _pumping = true;
        }

        if (start)
        {
            // Not on the caller's stack: the first caller must not carry the batches of the others. With a window the
            // pump's first step (starting the window's timer) runs here and it goes on from the timer.
            _ = gatherWindow > TimeSpan.Zero ? PumpAsync() : Task.Run(PumpAsync, CancellationToken.None);
        }

        return waiter.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task PumpAsync()
    {
        if (gatherWindow > TimeSpan.Zero)
        {
            await Task.Delay(gatherWindow, time).ConfigureAwait(false);
        }

        while (TakeBatch() is { } batch)
        {
            var ids = batch.Select(w => w.Id).Distinct().ToList();
            var fields = batch.SelectMany(w => w.Fields).Distinct(StringComparer.Ordinal).ToList();
            try
            {
                // Not cancelled by a caller's deadline: the others of the batch still wait for it. The client's own
                // retries and timeouts bound it.
                var leads = await getLeads(ids, fields, CancellationToken.None).ConfigureAwait(false);
                var byId = new Dictionary<long, MarketoLead>();
                foreach (var lead in leads)
                {
                    byId.TryAdd(lead.Id, lead);
                }

                foreach (var waiter in batch)
                {
                    waiter.Result.TrySetResult(byId.GetValueOrDefault(waiter.Id));
                }
            }
            catch (Exception ex)
            {
                foreach (var waiter in batch)
                {
                    waiter.Result.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>The next batch (at most <see cref="MaxIds"/> distinct ids, first come first served); null, and the pump stops, when none waits.</summary>
    private List<Waiter>? TakeBatch()
    {
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                _pumping = false;
                return null;
            }

            var ids = new HashSet<long>();
            var batch = new List<Waiter>();
            foreach (var waiter in _queue)
            {
                if (ids.Count == MaxIds && !ids.Contains(waiter.Id))
                {
                    break;
                }

                ids.Add(waiter.Id);
                batch.Add(waiter);
            }

            _queue.RemoveRange(0, batch.Count);
            return batch;
        }
    }

    private sealed class Waiter(long id, IReadOnlyCollection<string> fields)
    {
        public long Id { get; } = id;

        public IReadOnlyCollection<string> Fields { get; } = fields;

        public TaskCompletionSource<MarketoLead?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
