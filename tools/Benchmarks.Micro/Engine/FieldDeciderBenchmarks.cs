using BenchmarkDotNet.Attributes;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.Benchmarks.Micro.Engine;

/// <summary>The pure per-field decision: a copy, an echo and a collision.</summary>
[MemoryDiagnoser]
public class FieldDeciderBenchmarks
{
    private static readonly DateTimeOffset Earlier = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private readonly FieldState _copy = new(true, FieldValue.FromString("old"), true, FieldValue.FromString("new"), Earlier, false, FieldValue.Null, default);
    private readonly FieldState _echo = new(true, FieldValue.FromString("same"), false, FieldValue.Null, default, true, FieldValue.FromString("same"), Earlier);
    private readonly FieldState _collision = new(
        true, FieldValue.FromString("old"), true, FieldValue.FromString("crm"), Earlier, true, FieldValue.FromString("mkto"), Earlier.AddMinutes(1));

    [Benchmark(Description = "Decide: copy to Marketo")]
    public int Copy() => (int)FieldDecider.Decide(in _copy, SyncEntity.Contact, CollisionWinner.Default).Action;

    [Benchmark(Description = "Decide: echo")]
    public int Echo() => (int)FieldDecider.Decide(in _echo, SyncEntity.Contact, CollisionWinner.Default).Action;

    [Benchmark(Description = "Decide: collision")]
    public int Collision() => (int)FieldDecider.Decide(in _collision, SyncEntity.Lead, CollisionWinner.Default).Action;
}
