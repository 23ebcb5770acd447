using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Hosting;

/// <summary>
/// A fake clock that reports every timer armed with a given due time (e.g. the worker's interval) and counts those
/// that fired, so a test advances the clock only once the timer exists and checks "not before" without a real delay.
/// </summary>
internal sealed class ArmedClock(DateTimeOffset start, TimeSpan watched) : FakeTimeProvider(start)
{
    private readonly Channel<bool> _armed = Channel.CreateUnbounded<bool>();
    private int _fired;

    /// <summary>How many watched timers have fired.</summary>
    public int Fired => Volatile.Read(ref _fired);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != watched)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var timer = base.CreateTimer(s =>
        {
            Interlocked.Increment(ref _fired);
            callback(s);
        }, state, dueTime, period);
        _armed.Writer.TryWrite(true);
        return timer;
    }

    /// <summary>Waits (at most <paramref name="timeout"/> of real time) until the next watched timer is armed.</summary>
    public async Task WaitArmedAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _armed.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No timer of {watched} was armed within {timeout}.");
        }
    }
}
