using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// The cycle's real steps on <see cref="FakeCrm"/>, <see cref="FakeMarketo"/> and a private in-memory SQLite state,
/// with the default mapping and a fixed clock.
/// </summary>
internal sealed class CycleRig : IAsyncDisposable
{
    private CycleRig(FakeTimeProvider time)
    {
        Time = time;
        State = new SqliteStateStore("Data Source=:memory:", time);
    }

    /// <summary>The lead most scenarios start from, linked to <see cref="AnnPerson"/>.</summary>
    public static RecordKey Ann { get; } = new(SyncEntity.Lead, new Guid("00000000-0000-0000-0000-00000000a001"));

    /// <summary>Ann's Marketo person.</summary>
    public const long AnnPerson = 501;

    public FakeTimeProvider Time { get; }

    public FakeCrm Crm { get; } = new();

    public FakeMarketo Marketo { get; } = new();

    public SqliteStateStore State { get; }

    /// <summary>The <c>CrmSync:Sync</c> section the cycle sees (e.g. its <c>DeletedField</c>); the defaults otherwise.</summary>
    public SyncOptions Sync { get; } = new();

    /// <summary>A state past its first run (backfill done, Marketo cursor at <c>token-1</c>), or a new one.</summary>
    public static async Task<CycleRig> CreateAsync(bool firstRun = false)
    {
        var rig = new CycleRig(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)));
        await rig.State.InitializeAsync();
        if (!firstRun)
        {
            await rig.InTransactionAsync(async t =>
            {
                await t.SetCursorAsync(Backfill.Cursor, Backfill.Done);
                await t.SetCursorAsync(CursorNames.MarketoPagingToken, "token-1");
            });
        }

        return rig;
    }

    /// <summary>A state past its first run where Ann (ann@example.com, Ann Lee) is linked and agreed on both sides.</summary>
    public static async Task<CycleRig> CreateLinkedAsync()
    {
        var rig = await CreateAsync();
        rig.Crm.Add(Ann, ("emailaddress1", "ann@example.com"), ("firstname", "Ann"), ("lastname", "Lee"));
        rig.Marketo.Add(AnnPerson, ("email", "ann@example.com"), ("firstName", "Ann"), ("lastName", "Lee"));
        await rig.LinkAsync(AnnPerson, Ann, ("email", "ann@example.com"), ("firstName", "Ann"), ("lastName", "Lee"));
        return rig;
    }

    public static Guid StagingId(int n) => new($"57a9e000-0000-0000-0000-{n:D12}");

    public SyncCycle CreateSut(ObjectMappings? objects = null, Microsoft.Extensions.Logging.ILogger<SyncCycle>? logger = null)
    {
        var mapping = DefaultFieldMapping.Mapping;
        var executor = new PlanExecutor(Crm, Marketo, State, Time);
        var emailOwners = new EmailOwnerReader(Marketo, State);
        var notifier = new RejectionNotifier(Crm, Marketo, State, NullLogger<RejectionNotifier>.Instance);
        return new SyncCycle(
            Crm,
            Marketo,
            State,
            CreateBackfill(executor, emailOwners),
            executor,
            new AccessibleMapping(mapping, Crm, Options.Create(new SyncOptions()), NullLogger<AccessibleMapping>.Instance),
            new CyclePlanning(Crm, State, emailOwners, Options.Create(Sync), Time),
            new CrashLeftovers(Crm, State, notifier, NullLogger<CrashLeftovers>.Instance),
            Options.Create(new CrmSync.SyncAgent.History.HistoryOptions()),
            new OneWaySync(Crm, Marketo, State, objects ?? ObjectMappings.None, Options.Create(new SyncOptions()), Time, NullLogger<OneWaySync>.Instance),
            Options.Create(Sync),
            Time,
            logger ?? NullLogger<SyncCycle>.Instance);
    }

    public Backfill CreateBackfill() => CreateBackfill(new PlanExecutor(Crm, Marketo, State, Time), new EmailOwnerReader(Marketo, State));

    /// <summary>Links <paramref name="marketoId"/> to <paramref name="record"/> with the agreed values (Marketo field → text).</summary>
    public Task LinkAsync(long marketoId, RecordKey record, params (string Field, string? Value)[] shadows) => InTransactionAsync(async t =>
    {
        await t.AddLinksAsync([new Link(marketoId, record)]);
        await t.SetShadowsAsync([.. shadows.Select(s => new ShadowValue(marketoId, s.Field, FieldValue.FromString(s.Value, s.Field == "email" ? FieldKind.Email : FieldKind.Text)))]);
    });

    public async Task InTransactionAsync(Func<StateTransaction, Task> work)
    {
        await using var transaction = await State.BeginAsync();
        await work(transaction);
        await transaction.CommitAsync();
    }

    /// <summary>The stored shadow of <paramref name="field"/> of <paramref name="marketoId"/>, as text.</summary>
    public async Task<string?> ShadowAsync(long marketoId, string field) =>
        (await State.GetShadowsAsync([marketoId])).SingleOrDefault(s => s.Field == field)?.Value.Text;

    public ValueTask DisposeAsync() => State.DisposeAsync();

    private Backfill CreateBackfill(PlanExecutor executor, EmailOwnerReader emailOwners) =>
        new(Crm, executor, emailOwners, State, DefaultFieldMapping.Mapping, Time, NullLogger<Backfill>.Instance);
}
