using System.CommandLine;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// Runs a command body against the composed agent: loads and validates the configuration (errors → exit code 2 with
/// the validator's messages, no stack trace), builds the services, and turns the services' failures into a one-line
/// message and exit code 1.
/// </summary>
internal static class AgentCommandRunner
{
    /// <summary>Composes the agent for <paramref name="parseResult"/> and runs <paramref name="body"/> with it.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, CliEnvironment environment, Func<AgentSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        ServiceProvider provider;
        try
        {
            var configuration = environment.LoadConfiguration(parseResult.GetValue(RootCommandFactory.ConfigOption));
            var services = new ServiceCollection();
            services.AddCrmSyncAgent(configuration);
            services.AddLogging(logging =>
            {
                logging.AddConfiguration(configuration.GetSection("Logging"));
                logging.SetMinimumLevel(LogLevel.Warning);
                logging.AddProvider(new WriterLoggerProvider(error));
            });
            environment.ConfigureServices?.Invoke(services);
            provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
            try
            {
                AgentServices.ValidateOnStart(provider);
            }
            catch
            {
                await provider.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception ex) when (ConfigurationErrors(ex) is { Count: > 0 } messages)
        {
            return await WriteConfigurationErrorsAsync(error, messages).ConfigureAwait(false);
        }

        await using (provider.ConfigureAwait(false))
        {
            try
            {
                return await body(new AgentSession(provider, output, error), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsServiceFailure(ex))
            {
                await error.WriteLineAsync("crmsync: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        }
    }

    /// <summary>The messages of a configuration error (validation, missing or malformed file); empty for anything else.</summary>
    internal static IReadOnlyList<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException validation => validation.Failures.Distinct(StringComparer.Ordinal).ToList(),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => ConfigurationErrors(e).Count > 0) =>
            aggregate.InnerExceptions.SelectMany(ConfigurationErrors).Distinct(StringComparer.Ordinal).ToList(),
        ConfigurationFileException file => [file.Message],

        // The binder's "Failed to convert configuration value 'soon' at 'CrmSync:Sync:Interval' to type 'System.TimeSpan'."
        InvalidOperationException binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            [binding.Message],
        _ => [],
    };

    /// <summary>Writes the configuration errors as one header and a bullet each; returns <see cref="ExitCodes.ConfigurationError"/>.</summary>
    internal static async Task<int> WriteConfigurationErrorsAsync(TextWriter error, IReadOnlyList<string> messages)
    {
        await error.WriteLineAsync("crmsync: the configuration is invalid:").ConfigureAwait(false);
        foreach (var message in messages)
        {
            await error.WriteLineAsync("  - " + message).ConfigureAwait(false);
        }

        return ExitCodes.ConfigurationError;
    }

    private static bool IsServiceFailure(Exception ex) =>
        ex is DataverseException or MarketoApiException or HttpRequestException or Microsoft.Identity.Client.MsalException or IOException or UnauthorizedAccessException;
}
