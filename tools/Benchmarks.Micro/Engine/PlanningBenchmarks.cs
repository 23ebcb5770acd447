using BenchmarkDotNet.Attributes;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.Benchmarks.Micro.Engine;

/// <summary>
/// Engine planning, single thread (issue 8 target: ≥ 1,000,000 field changes per second). One operation is one field
/// change, so the reported mean is the time per field change and 1 / mean is the rate.
/// </summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private PlanInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = PlanningWorkload.Create();
        var plan = SyncPlanner.Plan(_input);
        if (plan.MarketoUpdates.Count == 0 || plan.DynamicsUpdates.Count == 0 || plan.Collisions.Count == 0)
        {
            throw new InvalidOperationException("The planning workload must produce writes on both sides and collisions.");
        }

        Console.WriteLine($"// Plan: {PlanningWorkload.FieldChanges} field changes, {plan.Statistics.FieldsDecided} fields decided, "
            + $"{plan.MarketoUpdates.Count} Marketo updates, {plan.DynamicsUpdates.Count} Dynamics updates, {plan.Collisions.Count} collisions");
    }

    [Benchmark(OperationsPerInvoke = PlanningWorkload.FieldChanges, Description = "SyncPlanner.Plan per field change")]
    public int Plan() => SyncPlanner.Plan(_input).Statistics.FieldsDecided;

    [Benchmark(OperationsPerInvoke = PlanningWorkload.FieldChanges, Description = "of which: ShadowIndex build, per field change")]
    public object Shadows() => new ShadowIndex(_input.Shadows);
}
