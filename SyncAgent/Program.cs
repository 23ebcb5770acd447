using CrmSync.SyncAgent.Cli;

// The CLI: every command is built by RootCommandFactory.
return await RootCommandFactory.Create(new CliEnvironment()).Parse(args).InvokeAsync().ConfigureAwait(false);
