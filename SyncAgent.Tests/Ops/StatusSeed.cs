using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.Ops;

/// <summary>Seeds a state store with one completed cycle and one open rejection.</summary>
internal static class StatusSeed
{
    public const string RejectionMessage = "Account <b>Name</b> is required, \"always\"";

    public static async Task SeedAsync(StateStore state, DateTimeOffset now)
    {
        var id = await state.StartCycleAsync(now.AddMinutes(-2));
        await using var transaction = await state.BeginAsync();
        await transaction.CompleteCycleAsync(new CycleRecord
        {
            Id = id,
            StartedOn = now.AddMinutes(-2),
            EndedOn = now.AddMinutes(-1),
            Outcome = CycleOutcome.Completed,
            CrmRead = 3,
            MarketoRead = 4,
            CrmWritten = 12,
            MarketoWritten = 5,
            Rejections = 1,
            DataverseCalls = 9,
            MarketoCalls = 6,
        });
        await transaction.AddRejectionAsync(new Rejection
        {
            Direction = SyncDirection.ToDynamics,
            Operation = "update",
            Record = new RecordKey(SyncEntity.Lead, Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")),
            MarketoId = 77,
            Fields = [new RejectedField("email", FieldValue.FromString("x@example.com", FieldKind.Email)), new RejectedField("firstName", FieldValue.FromString("X"))],
            ErrorCode = "0x80040265",
            Message = RejectionMessage,
            OccurredOn = now.AddMinutes(-1),
            CycleId = id,
        });
        await transaction.CommitAsync();
    }
}
