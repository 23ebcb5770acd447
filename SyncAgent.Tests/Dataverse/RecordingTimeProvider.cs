using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>A <see cref="FakeTimeProvider"/> that lets a test await the moment a timer with a given due time is created or armed.</summary>
internal sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private readonly SemaphoreSlim _created = new(0);

    public RecordingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Record(dueTime);
        return timer;
    }

    private void Record(TimeSpan dueTime)
    {
        _dueTimes.Enqueue(dueTime);
        _created.Release();
    }

    // CancellationTokenSource.CancelAfter creates its timer disabled and arms it through Change.
    private sealed class RecordingTimer(ITimer inner, RecordingTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>Completes once a timer due after exactly <paramref name="dueTime"/> exists (fails after 10 s of real time).</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime) => WaitForTimerAsync(due => due == dueTime);

    /// <summary>Completes with the due time of the first timer matching <paramref name="match"/>.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            foreach (var due in _dueTimes)
            {
                if (match(due))
                {
                    return due;
                }
            }

            await _created.WaitAsync(timeout.Token);
        }
    }
}
