using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>
/// Carries out kept sync-person requests between cycles (issue 17): at start (a restart drains what was kept), whenever
/// a call answers pending (<see cref="PersonSyncService.KeptSignal"/>), and every poll when one is given. It waits for
/// Dynamics' pause (the sync user's Retry-After) to end first, then carries out each kept request through
/// <see cref="PersonSyncService.CarryOutAsync"/>: the person's lock, the reservation and the create-only upsert of the
/// derived id, so a cycle or a webhook call carrying out the same person at the same time creates one record. Only the
/// holder of the pair runs it (the single agent's host, or <c>PairRunner</c> while its lease is held); the cycle stays
/// the backstop. A request that fails again stays kept.
/// </summary>
internal sealed partial class KeptRequestDrain(
    PersonSyncService service, StateStore state, DataverseClient dataverse, TimeProvider time, ILogger<KeptRequestDrain> logger,
    State.Postgres.CommitFence? fence = null)
{
    /// <summary>Whether this agent may carry requests out: always on the single agent, under leases only while it holds the pair.</summary>
    public bool IsHolder => fence is not { Epoch: 0 };

    /// <summary>Kept requests carried out at once (each waits on the pacer like any Dynamics request).</summary>
    internal const int Parallelism = 8;

    /// <summary>Drains until <paramref name="cancellationToken"/> is cancelled; <paramref name="poll"/> null waits for the signal only.</summary>
    public async Task RunAsync(TimeSpan? poll, CancellationToken cancellationToken)
    {
        while (true)
        {
            service.KeptSignal.Reset();
            try
            {
                if (IsHolder)
                {
                    await DrainOnceAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The state or a cloud away must not stop the drain; the requests stay kept and the next wake tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex.Message);
            }

            try
            {
                var raised = service.KeptSignal.Raised;
                await (poll is { } every ? Task.WhenAny(raised, Task.Delay(every, time, cancellationToken)) : raised.WaitAsync(cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits for Dynamics' pause to end, then carries out every kept request; returns how many were finished.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        // A request whose call is still running in this process is that call's to finish: it either links the person
        // or answers pending and raises the signal again. Draining it too would only queue behind the call's lock.
        var pending = (await state.GetPendingPersonRequestsAsync(cancellationToken).ConfigureAwait(false))
            .Where(request => !service.IsInProgress(request.MarketoId))
            .ToList();
        if (pending.Count == 0)
        {
            return 0;
        }

        var wait = dataverse.Pacing.PausedUntil - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            LogWaitingForPause(logger, pending.Count, wait.TotalSeconds);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(pending, options, async (request, token) =>
        {
            try
            {
                var result = await service.CarryOutAsync(request, token).ConfigureAwait(false);
                PersonSyncLog.CarriedOut(logger, request.MarketoId, result.Outcome.ToString());
                Interlocked.Increment(ref done);
            }
#pragma warning disable CA1031 // One request failing (a cloud or the state away) must not stop the others; it stays kept.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                PersonSyncLog.StillKept(logger, request.MarketoId, ex.Message);
            }
        }).ConfigureAwait(false);
        LogDrained(logger, done, pending.Count);
        return done;
    }

    [LoggerMessage(EventId = 6400, Level = LogLevel.Information, Message = "Drain: {Done} of {Kept} kept sync-person request(s) carried out")]
    private static partial void LogDrained(ILogger logger, int done, int kept);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Information, Message = "Drain: {Kept} kept sync-person request(s) wait {Seconds:0.###} s for Dynamics' pause (Retry-After) to end")]
    private static partial void LogWaitingForPause(ILogger logger, int kept, double seconds);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Warning, Message = "Drain: kept sync-person requests not carried out: {Reason}; they stay kept for the next wake or cycle")]
    private static partial void LogFailed(ILogger logger, string reason);
}
