using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>The execution context a plug-in receives: every member of the documented contract.</summary>
internal sealed class EmulatedPluginContext : IPluginExecutionContext
{
    public int Mode { get; init; }

    public int IsolationMode { get; init; } = 2;

    public int Depth { get; init; }

    public string MessageName { get; init; } = string.Empty;

    public string PrimaryEntityName { get; init; } = string.Empty;

    public Guid? RequestId { get; init; }

    public string SecondaryEntityName { get; init; } = "none";

    public ParameterCollection InputParameters { get; } = new();

    public ParameterCollection OutputParameters { get; } = new();

    public ParameterCollection SharedVariables { get; } = new();

    public Guid UserId { get; init; }

    public Guid InitiatingUserId { get; init; }

    public Guid BusinessUnitId { get; init; }

    public Guid OrganizationId { get; init; }

    public string OrganizationName { get; init; } = "crmsync-emulator";

    public Guid PrimaryEntityId { get; init; }

    public EntityImageCollection PreEntityImages { get; } = new();

    public EntityImageCollection PostEntityImages { get; } = new();

    public EntityReference OwningExtension { get; init; } = new();

    public Guid CorrelationId { get; init; }

    public bool IsExecutingOffline => false;

    public bool IsOfflinePlayback => false;

    public bool IsInTransaction { get; init; } = true;

    public Guid OperationId { get; init; } = Guid.NewGuid();

    public DateTime OperationCreatedOn { get; init; }

    public int Stage { get; init; }

    public IPluginExecutionContext ParentContext { get; init; } = null!;
}
