using CrmSync.Demo;
using CrmSync.SyncAgent.Cli;

// The demo: the agent against both emulators in-process (README, first command).
return await DemoCommand.Create(new CliEnvironment()).Parse(args).InvokeAsync().ConfigureAwait(false);
