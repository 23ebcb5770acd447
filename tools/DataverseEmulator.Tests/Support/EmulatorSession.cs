namespace CrmSync.DataverseEmulator.Tests.Support;

/// <summary>A started emulator with a maker's and the sync user's <see cref="EmulatorClient"/>; disposing it disposes all three.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    private EmulatorSession(DataverseEmulator emulator)
    {
        Emulator = emulator;
        Maker = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        Sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);
    }

    public DataverseEmulator Emulator { get; }

    public EmulatorClient Maker { get; }

    public EmulatorClient Sync { get; }

    /// <param name="configureSyncUser">Whether the maker puts the sync user's id into the steps' configuration, as setup does.</param>
    public static async Task<EmulatorSession> StartAsync(TimeProvider time, string? solutionPath, bool configureSyncUser)
    {
        var options = EmulatorClient.Options(time);
        options.SolutionPath = solutionPath;
        var session = new EmulatorSession(await DataverseEmulator.StartAsync(options));
        if (configureSyncUser)
        {
            try
            {
                await session.Maker.ConfigureSyncUserAsync(session.Emulator.Admin.SyncUser.Id);
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        return session;
    }

    public void Deconstruct(out DataverseEmulator emulator, out EmulatorClient maker, out EmulatorClient sync) =>
        (emulator, maker, sync) = (Emulator, Maker, Sync);

    public async ValueTask DisposeAsync()
    {
        Sync.Dispose();
        Maker.Dispose();
        await Emulator.DisposeAsync();
    }
}
