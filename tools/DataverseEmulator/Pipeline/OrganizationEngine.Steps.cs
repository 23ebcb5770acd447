using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Storage;
using CrmSync.DataverseEmulator.WebApi;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>Running the registered synchronous steps of one stage, as the sandbox does.</summary>
internal sealed partial class OrganizationEngine
{
    private const string StepTable = "sdkmessageprocessingstep";
    private const string ImageTable = "sdkmessageprocessingstepimage";

    private void RunSteps(OperationContext context, TableDefinition table, string message, int stage, object target, Guid id,
        Row? before, Row? after, IReadOnlySet<string> written, Action<ParameterCollection>? inputs = null)
    {
        if (context.BypassPlugins)
        {
            return;
        }

        foreach (var step in Plugins.StepsFor(table.LogicalName, message, stage))
        {
            var (enabled, configuration, filtering) = LiveSettings(step);
            if (!enabled || (message == "Update" && filtering.Count > 0 && !filtering.Overlaps(written)))
            {
                continue;
            }

            var pluginContext = new EmulatedPluginContext
            {
                MessageName = message,
                PrimaryEntityName = table.LogicalName,
                PrimaryEntityId = id,
                Stage = stage,
                Mode = step.Mode,
                Depth = context.Depth,
                UserId = context.UserId,
                InitiatingUserId = context.InitiatingUserId,
                CorrelationId = context.CorrelationId,
                OperationCreatedOn = context.OperationCreatedOn,
                BusinessUnitId = BuiltInUsers.BusinessUnitId,
                OrganizationId = BuiltInUsers.OrganizationId,
                OwningExtension = new EntityReference(StepTable, step.Id) { Name = step.Name },
                ParentContext = context.Parent!,
            };
            pluginContext.InputParameters["Target"] = target;
            inputs?.Invoke(pluginContext.InputParameters);
            if (message == "Create" && stage == 40)
            {
                pluginContext.OutputParameters["id"] = id;
            }

            foreach (var image in LiveImages(step))
            {
                if (image.ImageType is 0 or 2 && before is not null)
                {
                    pluginContext.PreEntityImages[image.Alias] = Images.FromRow(table, before, image.Attributes);
                }

                if (image.ImageType is 1 or 2 && after is not null)
                {
                    pluginContext.PostEntityImages[image.Alias] = Images.FromRow(table, after, image.Attributes);
                }
            }

            Invoke(context, step, pluginContext, configuration);
        }
    }

    private void Invoke(OperationContext context, PluginStep step, EmulatedPluginContext pluginContext, string? configuration)
    {
        var services = new PluginServices(
            pluginContext,
            userId => new EmulatedOrganizationService(this, context, pluginContext, userId ?? BuiltInUsers.SystemUserId),
            line => Trace($"[{step.Name}] {line}"));
        Counters.PluginExecution();
        try
        {
            Plugins.Instance(step, configuration, null).Execute(services);
        }
        catch (WebApiException)
        {
            throw;
        }
        catch (InvalidPluginExecutionException ex)
        {
            throw new WebApiException(400, ErrorCodes.IsvAborted, ex.Message);
        }
        catch (Exception ex)
        {
            throw new WebApiException(400, ErrorCodes.IsvAborted,
                $"Unexpected exception from plug-in (Execute): {step.PluginTypeName.Split(',')[0]}: {ex.GetType().FullName}: {ex.Message}");
        }

        if (context.Doomed)
        {
            throw new WebApiException(400, ErrorCodes.IsvAborted,
                "There is no active transaction. This error is usually caused by custom plug-ins that ignore errors from service calls and continue processing.");
        }
    }

    /// <summary>Enabled state, unsecure configuration and filtering attributes from the step's row.</summary>
    private (bool Enabled, string? Configuration, HashSet<string> Filtering) LiveSettings(PluginStep step)
    {
        var table = Schema.GetTable(StepTable);
        var row = Store.Table(table).Find(step.Id);
        if (row is null)
        {
            return (false, null, []);
        }

        var enabled = row.Get(table.Find("statecode")!.Ordinal) is not 1;
        var configuration = row.Get(table.Find("configuration")!.Ordinal) as string;
        var filtering = (row.Get(table.Find("filteringattributes")!.Ordinal) as string ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        return (enabled, configuration, filtering);
    }

    /// <summary>The step's images from their rows: alias, type and the columns they carry (empty: all).</summary>
    private List<PluginStepImage> LiveImages(PluginStep step)
    {
        var table = Schema.GetTable(ImageTable);
        var (stepColumn, alias, type, attributes) = (table.Find("sdkmessageprocessingstepid")!.Ordinal, table.Find("entityalias")!.Ordinal,
            table.Find("imagetype")!.Ordinal, table.Find("attributes")!.Ordinal);
        return [.. Store.Table(table).Scan()
            .Where(r => r.Get(stepColumn) is StoredReference reference && reference.Id == step.Id)
            .Select(r => new PluginStepImage(
                r.Get(alias) as string ?? "Image",
                r.Get(type) is int imageType ? imageType : 0,
                (r.Get(attributes) as string ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))];
    }
}
