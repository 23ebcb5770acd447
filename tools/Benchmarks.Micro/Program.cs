using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// A short, in-process job: the whole suite finishes in a few minutes on 2 cores, and no generated project is built
// (which would inherit the repository's warnings-as-errors build contract).
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(3)
    .WithIterationCount(8)
    .WithId("Short");
var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(CrmSync.Benchmarks.Micro.Engine.PlanningBenchmarks).Assembly).Run(args, config);
