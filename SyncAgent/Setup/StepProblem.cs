namespace CrmSync.SyncAgent.Setup;

/// <summary>What is wrong with one expected plug-in step (<c>lead Update</c>, …).</summary>
internal sealed record StepProblem(string Step, string Problem);
