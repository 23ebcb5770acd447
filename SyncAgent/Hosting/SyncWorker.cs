using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Hosting;

/// <summary>
/// The service loop (DESIGN B1): a cycle, then the interval (measured from the end of one cycle to the start of the
/// next, on the injected clock), forever. A failed cycle is logged and the loop goes on; shutdown is graceful. A fault
/// of the state itself (damaged, vanished, replaced, read-only) stops the cycles: it is recorded in
/// <see cref="StateHealth"/>, which <c>/healthz</c> and the status page report, and nothing more is written.
/// </summary>
internal sealed partial class SyncWorker(
    SyncCycle cycle, StateStore state, StateHealth health, IOptions<SyncOptions> options, TimeProvider time, ILogger<SyncWorker> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        LogStarted(logger, interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await cycle.RunAsync(null, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (StateWriterBusyException ex)
            {
                LogWriterBusy(logger, ex.Message);
            }
            catch (Exception ex) when (state.DescribeFault(ex) is { } fault)
            {
                health.Report(fault);
                LogStateFault(logger, fault);
                break;
            }
#pragma warning disable CA1031 // One failed cycle must not stop the service; it is recorded and logged, and the next cycle repeats it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCycleError(logger, ex.Message);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogStopped(logger);
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Sync service started; interval {Interval} between cycles")]
    private static partial void LogStarted(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Cycle failed: {Reason}; the next cycle runs after the interval")]
    private static partial void LogCycleError(ILogger logger, string reason);

    [LoggerMessage(EventId = 4400, Level = LogLevel.Warning, Message = "Cycle skipped: {Reason}")]
    private static partial void LogWriterBusy(ILogger logger, string reason);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Critical, Message = "Cycles stopped: {Reason}")]
    private static partial void LogStateFault(ILogger logger, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Sync service stopped")]
    private static partial void LogStopped(ILogger logger);
}
