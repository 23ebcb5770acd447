using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CrmSync.SyncAgent.Cli;

/// <summary>A command's view of the composed agent: its services and where to write.</summary>
internal sealed class AgentSession(IServiceProvider services, TextWriter output, TextWriter error)
{
    public IServiceProvider Services { get; } = services;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>A Spectre console over <see cref="Output"/> (colours only on a real terminal).</summary>
    public IAnsiConsole Console { get; } = ConsoleFactory.Create(output);

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();
}
