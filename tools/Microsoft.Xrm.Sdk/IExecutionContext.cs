using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>
/// The context of a message being processed by the platform. Its members are declared here, not on
/// <see cref="IPluginExecutionContext"/>, because compiled plug-ins bind to this declaring type.
/// </summary>
public interface IExecutionContext
{
    /// <summary>0 synchronous, 1 asynchronous.</summary>
    int Mode { get; }

    /// <summary>1 none, 2 sandbox.</summary>
    int IsolationMode { get; }

    /// <summary>How deep in a chain of plug-ins and workflows this call is; a direct user call is 1.</summary>
    int Depth { get; }

    /// <summary>The message (Create, Update, Delete, …).</summary>
    string MessageName { get; }

    /// <summary>The primary table's logical name.</summary>
    string PrimaryEntityName { get; }

    /// <summary>The request id for asynchronous operations.</summary>
    Guid? RequestId { get; }

    /// <summary>The secondary table's logical name, if any.</summary>
    string SecondaryEntityName { get; }

    /// <summary>The request's parameters (Target, …).</summary>
    ParameterCollection InputParameters { get; }

    /// <summary>The response's parameters (id, …).</summary>
    ParameterCollection OutputParameters { get; }

    /// <summary>Values shared between plug-ins of one pipeline.</summary>
    ParameterCollection SharedVariables { get; }

    /// <summary>The user the step runs as.</summary>
    Guid UserId { get; }

    /// <summary>The user who started the operation.</summary>
    Guid InitiatingUserId { get; }

    /// <summary>The business unit of the user.</summary>
    Guid BusinessUnitId { get; }

    /// <summary>The organization.</summary>
    Guid OrganizationId { get; }

    /// <summary>The organization's unique name.</summary>
    string OrganizationName { get; }

    /// <summary>The id of the primary record.</summary>
    Guid PrimaryEntityId { get; }

    /// <summary>Images of the record before the operation.</summary>
    EntityImageCollection PreEntityImages { get; }

    /// <summary>Images of the record after the operation.</summary>
    EntityImageCollection PostEntityImages { get; }

    /// <summary>The step that runs this plug-in.</summary>
    EntityReference OwningExtension { get; }

    /// <summary>Ties together every call of one operation (used for tracing and loop detection).</summary>
    Guid CorrelationId { get; }

    /// <summary>Whether the call runs offline (Outlook).</summary>
    bool IsExecutingOffline { get; }

    /// <summary>Whether an offline change is being played back.</summary>
    bool IsOfflinePlayback { get; }

    /// <summary>Whether the step runs inside the database transaction.</summary>
    bool IsInTransaction { get; }

    /// <summary>The operation id.</summary>
    Guid OperationId { get; }

    /// <summary>When the operation was created (UTC).</summary>
    DateTime OperationCreatedOn { get; }
}
