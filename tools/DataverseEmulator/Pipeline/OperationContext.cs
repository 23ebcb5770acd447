using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>One operation in the pipeline: who, how deep, which transaction, which parent context.</summary>
internal sealed class OperationContext
{
    private StoredReference? _userReference;

    public required Guid UserId { get; init; }

    /// <summary>The user as a stored reference (createdby/modifiedby/ownerid), created once per operation.</summary>
    public StoredReference UserReference => _userReference ??= new StoredReference("systemuser", UserId);

    public required Guid InitiatingUserId { get; init; }

    public required int Depth { get; init; }

    public required Guid CorrelationId { get; init; }

    public required DateTime OperationCreatedOn { get; init; }

    public required Transaction Transaction { get; init; }

    /// <summary>Column security and create/update validity apply to direct API calls, not to plug-in or automation writes.</summary>
    public bool EnforceSecurity { get; init; }

    /// <summary>Skip registered steps (bulk seeding).</summary>
    public bool BypassPlugins { get; init; }

    public IPluginExecutionContext? Parent { get; init; }

    /// <summary>Set when a nested call failed: the transaction can only roll back, as on the platform.</summary>
    public bool Doomed { get; set; }

    public static OperationContext ForCaller(EmulatorUser user, Transaction transaction, DateTime now, bool enforceSecurity = true) => new()
    {
        UserId = user.Id,
        InitiatingUserId = user.Id,
        Depth = 1,
        CorrelationId = Guid.NewGuid(),
        OperationCreatedOn = now,
        Transaction = transaction,
        EnforceSecurity = enforceSecurity,
    };

    /// <summary>An operation as SYSTEM without plug-ins (seeding, admin writes, solution import).</summary>
    public static OperationContext ForSystem(Transaction transaction, DateTime now) => new()
    {
        UserId = BuiltInUsers.SystemUserId,
        InitiatingUserId = BuiltInUsers.SystemUserId,
        Depth = 1,
        CorrelationId = Guid.NewGuid(),
        OperationCreatedOn = now,
        Transaction = transaction,
        BypassPlugins = true,
    };

    /// <summary>A nested operation (plug-in service call or automation) one level deeper.</summary>
    public OperationContext Nested(Guid userId, IPluginExecutionContext? parent, DateTime now) => new()
    {
        UserId = userId,
        InitiatingUserId = InitiatingUserId,
        Depth = Depth + 1,
        CorrelationId = CorrelationId,
        OperationCreatedOn = now,
        Transaction = Transaction,
        Parent = parent,
        BypassPlugins = BypassPlugins,
    };
}
