using System;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Events;

/// <summary>Reads a <see cref="PluginEvent"/> from the platform's execution context.</summary>
internal static class PluginEventReader
{
    /// <summary>Copies what the change capture needs; a missing Target or PreImage becomes null.</summary>
    public static PluginEvent Read(IExecutionContext context)
    {
        object? targetValue = null;
        if (context.InputParameters is not null && context.InputParameters.TryGetValue(PluginStep.TargetParameter, out var value))
        {
            targetValue = value;
        }

        Entity? preImage = null;
        if (context.PreEntityImages is not null && context.PreEntityImages.TryGetValue(PluginStep.PreImageAlias, out var image))
        {
            preImage = image;
        }

        Guid? subordinateId = null;
        if (context.InputParameters is not null && context.InputParameters.TryGetValue(PluginStep.SubordinateIdParameter, out var subordinate)
            && subordinate is Guid id)
        {
            subordinateId = id;
        }

        var target = targetValue as Entity;
        var recordId = context.PrimaryEntityId;
        if (recordId == Guid.Empty)
        {
            recordId = target?.Id ?? (targetValue as EntityReference)?.Id ?? Guid.Empty;
        }

        return new PluginEvent(
            context.MessageName ?? string.Empty,
            context.PrimaryEntityName ?? string.Empty,
            recordId,
            context.InitiatingUserId,
            context.Depth,
            target,
            preImage,
            context.OperationCreatedOn,
            context.CorrelationId,
            subordinateId);
    }
}
