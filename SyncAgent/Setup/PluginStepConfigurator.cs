using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.Staging;
using CrmSync.SyncAgent.Dataverse;
using RegisteredStep = CrmSync.SyncAgent.Dataverse.PluginSteps.PluginStep;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Setup;

/// <summary>
/// Keeps the plug-in's eight person steps (Create, Update, Delete, Merge × lead, contact) in line with the mapping (DESIGN §2, B6): the unsecure configuration
/// <c>{"syncUserId", "attributes": {"lead": [...], "contact": [...]}}</c>, the Update steps' filtering attributes and the
/// Update/Delete pre-images carry the mapped columns the sync user may sync, plus the sync filter column and, on contact,
/// <c>originatingleadid</c> (lead conversion, B10).
/// </summary>
/// <remarks>With one-way kinds enabled (DESIGN B16, <c>CrmSync:Sync:Accounts:Enabled</c>), their tables' steps are kept in
/// line too: the configuration lists their columns, and their Update steps and pre-images carry them.</remarks>
internal sealed class PluginStepConfigurator(DataverseClient dataverse, FieldMapping mapping, SyncUserAccess access, ObjectMappings objects)
{
    private static readonly string[] PersonMessages = [SyncMessages.Create, SyncMessages.Update, SyncMessages.Delete, SyncMessages.Merge];

    // One-way kinds' tables carry Create, Update and Delete steps, and a Merge step where Dynamics merges them
    // (EntityKind.Merges: accounts; DESIGN B17): a Merge deletes the subordinate's Marketo object.
    private static readonly string[] ObjectMessages = [SyncMessages.Create, SyncMessages.Update, SyncMessages.Delete];

    /// <summary>The number of steps in use: the persons' (Create, Update, Delete, Merge on lead and contact) and those of every enabled one-way kind.</summary>
    public int ExpectedStepCount => Expected().Count();

    /// <summary>What every step should hold.</summary>
    public async Task<StepTarget> GetTargetAsync(CancellationToken cancellationToken)
    {
        var userId = await access.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        var attributes = new Dictionary<SyncEntity, IReadOnlyList<string>>();
        foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
        {
            var columns = await access.GetColumnsAsync(entity, cancellationToken).ConfigureAwait(false);
            // The plug-in stages only what flows to Marketo (DESIGN B15): a toDynamics field's Dynamics edits are ignored, and
            // a column the sync user may not use as its direction needs is never synced.
            attributes[entity] = [.. mapping.For(entity)
                .Where(m => m.FlowsToMarketo && columns.Find(m.Dynamics) is { } column && column.Allows(m.FlowsToMarketo, m.FlowsToDynamics))
                .Select(m => m.Dynamics)];
        }

        var objectAttributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var kind in objects.Mappings)
        {
            // A one-way kind's columns flow to Marketo only: the sync user needs read access.
            var columns = await access.GetColumnsAsync(kind.Kind.DynamicsTable, cancellationToken).ConfigureAwait(false);
            objectAttributes[kind.Kind.DynamicsTable] = [.. kind.DynamicsColumns
                .Where(c => columns.Find(c) is not { } column || column.Allows(true, false))];
        }

        return new StepTarget(userId, attributes) { ObjectAttributes = objectAttributes };
    }

    /// <summary>The problems of the registered steps against <paramref name="target"/>; empty when all is in line.</summary>
    public async Task<IReadOnlyList<StepProblem>> VerifyAsync(StepTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var steps = await dataverse.GetPluginStepsAsync(cancellationToken).ConfigureAwait(false);
        var images = await dataverse.GetPluginStepImagesAsync(steps.Select(s => s.Id), cancellationToken).ConfigureAwait(false);
        var problems = new List<StepProblem>();
        foreach (var (entity, message) in Expected())
        {
            var label = $"{entity} {message}";
            var step = Find(steps, entity, message);
            if (step is null)
            {
                problems.Add(new StepProblem(label, "the step is not registered (is the CrmSync solution installed?)"));
                continue;
            }

            if (!step.Enabled)
            {
                problems.Add(new StepProblem(label, "the step is disabled"));
            }

            var configured = ParseConfiguration(step.Configuration);
            if (configured is null)
            {
                problems.Add(new StepProblem(label, "the step configuration is not CrmSync JSON"));
            }
            else
            {
                if (configured.Value.UserId != target.SyncUserId)
                {
                    problems.Add(new StepProblem(label, $"the step skips user {configured.Value.UserId:D}, not the sync user {target.SyncUserId:D}"));
                }

                foreach (var e in new[] { SyncEntity.Lead, SyncEntity.Contact })
                {
                    if (!SameSet(configured.Value.Attributes.GetValueOrDefault(e.ToLogicalName()) ?? [], target.Attributes[e]))
                    {
                        problems.Add(new StepProblem(label, $"the configured {e.ToLogicalName()} attributes differ from the mapping"));
                    }
                }

                foreach (var (table, columns) in target.ObjectAttributes)
                {
                    if (configured.Value.Attributes.GetValueOrDefault(table) is not { } listed || !SameSet(listed, columns))
                    {
                        problems.Add(new StepProblem(label, $"the configured {table} attributes differ from the mapping"));
                    }
                }
            }

            if (message == SyncMessages.Update && !SameSet(Split(step.FilteringAttributes), target.TrackedColumns(entity)))
            {
                problems.Add(new StepProblem(label, "the filtering attributes differ from the mapping"));
            }

            if (message is SyncMessages.Update or SyncMessages.Delete)
            {
                var image = images.FirstOrDefault(i => i.StepId == step.Id);
                if (image is null)
                {
                    problems.Add(new StepProblem(label, "the step has no pre-image"));
                }
                else if (!SameSet(Split(image.Attributes), target.TrackedColumns(entity)))
                {
                    problems.Add(new StepProblem(label, "the pre-image columns differ from the mapping"));
                }
            }
        }

        return problems;
    }

    /// <summary>Writes <paramref name="target"/> into every registered step and its pre-image; returns the steps updated.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(StepTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var steps = await dataverse.GetPluginStepsAsync(cancellationToken).ConfigureAwait(false);
        var images = await dataverse.GetPluginStepImagesAsync(steps.Select(s => s.Id), cancellationToken).ConfigureAwait(false);
        var configuration = target.ToConfigurationJson();
        var updated = new List<string>();
        foreach (var (entity, message) in Expected())
        {
            if (Find(steps, entity, message) is not { } step)
            {
                continue;
            }

            // Dataverse applies filtering attributes to Update only; Create, Delete and Merge keep none.
            var filtering = message == SyncMessages.Update ? target.TrackedColumns(entity) : [];
            await dataverse.UpdatePluginStepAsync(step.Id, configuration, filtering, cancellationToken).ConfigureAwait(false);
            foreach (var image in images.Where(i => i.StepId == step.Id))
            {
                await dataverse.UpdatePluginStepImageAsync(image.Id, target.TrackedColumns(entity), cancellationToken).ConfigureAwait(false);
            }

            updated.Add($"{entity} {message}");
        }

        return updated;
    }

    /// <summary>Every step in use, as (table, message): lead and contact, then each enabled one-way kind's table.</summary>
    private IEnumerable<(string Entity, string Message)> Expected() =>
        (from entity in new[] { SyncedEntities.Lead, SyncedEntities.Contact }
         from message in PersonMessages
         select (entity, message))
        .Concat(from kind in objects.Mappings.Select(m => m.Kind)
                from message in kind.Merges ? [.. ObjectMessages, SyncMessages.Merge] : ObjectMessages
                select (kind.DynamicsTable, message));

    private static RegisteredStep? Find(IReadOnlyList<RegisteredStep> steps, string entity, string message) =>
        steps.FirstOrDefault(s => string.Equals(s.Entity, entity, StringComparison.OrdinalIgnoreCase)
            && string.Equals(s.Message, message, StringComparison.OrdinalIgnoreCase));

    private static (Guid UserId, Dictionary<string, List<string>> Attributes)? ParseConfiguration(string? json)
    {
        try
        {
            if (JsonNode.Parse(json ?? "") is not JsonObject root
                || !Guid.TryParse(root[PluginStepConfiguration.SyncUserId]?.GetValue<string>(), out var userId)
                || root[PluginStepConfiguration.Attributes] is not JsonObject attributes)
            {
                return null;
            }

            return (userId, attributes.ToDictionary(
                p => p.Key,
                p => (p.Value as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList(),
                StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static List<string> Split(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
        new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(b);
}
