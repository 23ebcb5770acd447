using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Cli;

/// <summary>Writes log lines (level, category, message) to the command's error writer, so CLI output stays clean.</summary>
internal sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new WriterLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
        }
    }

    private sealed class WriterLogger(WriterLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write($"{logLevel.ToString().ToLowerInvariant()}: {category}[{eventId.Id}] {formatter(state, exception)}");
            }
        }
    }
}
