using CrmSync.DataverseEmulator.Admin;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>
/// Holds a Dataverse emulator Web API request at the emulator's request gate until the test releases it: a cycle or a
/// webhook call "inside a Dataverse call", where a test pauses a process, stops PostgreSQL or lets a deadline pass.
/// </summary>
internal sealed class HeldDataverseRequest
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _firstOnly;
    private int _held;

    private HeldDataverseRequest(bool firstOnly) => _firstOnly = firstOnly;

    /// <summary>Completes when the (first) held request reached the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Holds the next request only; later ones pass at once.</summary>
    public static HeldDataverseRequest First(DataverseEmulatorAdmin admin) => Install(admin, firstOnly: true);

    /// <summary>Holds every request until <see cref="Release"/>.</summary>
    public static HeldDataverseRequest Every(DataverseEmulatorAdmin admin) => Install(admin, firstOnly: false);

    /// <summary>Lets the held requests (and any later one) go on.</summary>
    public void Release() => _release.TrySetResult();

    private static HeldDataverseRequest Install(DataverseEmulatorAdmin admin, bool firstOnly)
    {
        var hold = new HeldDataverseRequest(firstOnly);
        admin.Faults = new FaultSettings { RequestGate = hold.GateAsync };
        return hold;
    }

    private Task GateAsync(CancellationToken cancellationToken)
    {
        if (_firstOnly && Interlocked.Exchange(ref _held, 1) == 1)
        {
            return Task.CompletedTask;
        }

        _entered.TrySetResult();
        return _release.Task;
    }
}
