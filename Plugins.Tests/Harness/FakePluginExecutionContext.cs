using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Harness;

/// <summary>An execution context as the platform builds it for a PostOperation synchronous step.</summary>
internal sealed class FakePluginExecutionContext : IPluginExecutionContext
{
    public int Mode { get; set; }
    public int IsolationMode { get; set; } = 2;
    public int Depth { get; set; } = 1;
    public string MessageName { get; set; } = "Create";
    public string PrimaryEntityName { get; set; } = "lead";
    public Guid? RequestId { get; set; }
    public string SecondaryEntityName { get; set; } = "none";
    public ParameterCollection InputParameters { get; set; } = new();
    public ParameterCollection OutputParameters { get; set; } = new();
    public ParameterCollection SharedVariables { get; set; } = new();
    public Guid UserId { get; set; }
    public Guid InitiatingUserId { get; set; }
    public Guid BusinessUnitId { get; set; }
    public Guid OrganizationId { get; set; }
    public string OrganizationName { get; set; } = "crmsync-test";
    public Guid PrimaryEntityId { get; set; }
    public EntityImageCollection PreEntityImages { get; set; } = new();
    public EntityImageCollection PostEntityImages { get; set; } = new();
    public EntityReference OwningExtension { get; set; } = new("sdkmessageprocessingstep", Guid.NewGuid());
    public Guid CorrelationId { get; set; } = Guid.NewGuid();
    public bool IsExecutingOffline { get; set; }
    public bool IsOfflinePlayback { get; set; }
    public bool IsInTransaction { get; set; } = true;
    public Guid OperationId { get; set; } = Guid.NewGuid();
    public DateTime OperationCreatedOn { get; set; } = new(2025, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc);
    public int Stage { get; set; } = 40;
    public IPluginExecutionContext ParentContext { get; set; } = null!;
}
