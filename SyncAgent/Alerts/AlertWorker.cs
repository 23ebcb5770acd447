using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>Checks the alert conditions every <c>CrmSync:Alerts:CheckInterval</c> inside <c>crmsync run</c>: pushed, no external poller.</summary>
internal sealed partial class AlertWorker(AlertMonitor monitor, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertWorker> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        do
        {
            try
            {
                await monitor.CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A failed check (e.g. the state store busy) must not stop the service; the next check repeats it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCheckFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 4610, Level = LogLevel.Warning, Message = "Alert check failed ({ErrorType}: {Error}); the next check repeats it")]
    private static partial void LogCheckFailed(ILogger logger, string errorType, string error);
}
