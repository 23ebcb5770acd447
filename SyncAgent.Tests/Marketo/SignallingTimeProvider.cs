using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer it creates, so a test can wait for code under test
/// to start waiting and then move the clock exactly as far as it asked — no real sleeps.
/// </summary>
internal sealed class SignallingTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private readonly SemaphoreSlim _created = new(0);

    public SignallingTimeProvider()
        : base(new DateTimeOffset(2025, 3, 4, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            _dueTimes.Enqueue(dueTime);
            _created.Release();
        }

        return timer;
    }

    /// <summary>Runs <paramref name="work"/> to completion, advancing the clock by each timer's due time as it is created.</summary>
    public async Task<T> DriveAsync<T>(Task<T> work)
    {
        await DriveAsync((Task)work);
        return await work;
    }

    /// <inheritdoc cref="DriveAsync{T}(Task{T})"/>
    public async Task DriveAsync(Task work)
    {
        while (!work.IsCompleted)
        {
            var created = _created.WaitAsync();
            var first = await Task.WhenAny(work, created).WaitAsync(TimeSpan.FromSeconds(10));
            if (first == work)
            {
                break;
            }

            if (_dueTimes.TryDequeue(out var due))
            {
                Advance(due);
            }
        }

        await work;
    }

    /// <summary>Waits until the code under test creates a timer; returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync()
    {
        await _created.WaitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return _dueTimes.TryDequeue(out var due) ? due : TimeSpan.Zero;
    }
}
