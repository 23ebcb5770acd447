using System;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Events;

/// <summary>The parts of an execution context the change capture decides on, as plain data.</summary>
internal sealed class PluginEvent
{
    public PluginEvent(
        string messageName,
        string entityName,
        Guid recordId,
        Guid initiatingUserId,
        int depth,
        Entity? target,
        Entity? preImage,
        DateTime operationCreatedOn,
        Guid correlationId,
        Guid? subordinateId = null)
    {
        SubordinateId = subordinateId;
        MessageName = messageName;
        EntityName = entityName;
        RecordId = recordId;
        InitiatingUserId = initiatingUserId;
        Depth = depth;
        Target = target;
        PreImage = preImage;
        OperationCreatedOn = operationCreatedOn;
        CorrelationId = correlationId;
    }

    /// <summary>Create, Update, Delete, …</summary>
    public string MessageName { get; }

    /// <summary>The primary table's logical name.</summary>
    public string EntityName { get; }

    /// <summary>The record's id (empty when the context has none).</summary>
    public Guid RecordId { get; }

    /// <summary>The user who started the operation.</summary>
    public Guid InitiatingUserId { get; }

    /// <summary>1 for a direct call; more when automation reacts to another operation.</summary>
    public int Depth { get; }

    /// <summary>The Target entity of Create and Update; null for Delete (its Target is a reference).</summary>
    public Entity? Target { get; }

    /// <summary>The pre-image with alias PreImage, when registered.</summary>
    public Entity? PreImage { get; }

    /// <summary>When the platform created the operation (UTC).</summary>
    public DateTime OperationCreatedOn { get; }

    /// <summary>For Merge: the subordinate record's id (the context's SubordinateId input parameter).</summary>
    public Guid? SubordinateId { get; }

    /// <summary>The context's correlation id.</summary>
    public Guid CorrelationId { get; }
}
