using System.CommandLine;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Configuration;
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
    /// <summary>
    /// Composes the agent for <paramref name="parseResult"/> and runs <paramref name="body"/> with it;
    /// <paramref name="configureServices"/> adds the command's own registrations (given the pair's configuration).
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult parseResult, CliEnvironment environment, Func<AgentSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken,
        Action<IServiceCollection, IConfiguration>? configureServices = null)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        ServiceProvider provider;
        try
        {
            var configuration = environment.LoadConfiguration(parseResult.GetValue(RootCommandFactory.ConfigOption));
            if (parseResult.GetValue(RootCommandFactory.PairOption) is { } pair)
            {
                var pairConfiguration = PairConfigurations.For(configuration, pair);

                // The top-level sections validate on their own, whatever the pairs override: the status page, /healthz
                // and the commands without --pair read them (README "Running several agents").
                AgentServices.ValidateConfiguration(configuration);
                configuration = pairConfiguration;
            }

            ConfigurationChecks.Check(configuration, listens: false);
            var services = new ServiceCollection();
            services.AddCrmSyncAgent(configuration);
            configureServices?.Invoke(services, configuration);
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
            catch (Exception ex) when (StateFault(provider, ex) is { } fault)
            {
                // Damaged, not a database, read-only, vanished, or another writer: the file and what to do, no stack trace.
                await error.WriteLineAsync("crmsync: " + fault).ConfigureAwait(false);
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
        InvalidConfigurationException invalid => invalid.Errors,
        ArgumentException { ParamName: "pair" } pair => [pair.Message.Split(" (Parameter", 2)[0]],

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
            // The binder's messages quote the value: a URL's password must not reach a terminal or a log.
            await error.WriteLineAsync("  - " + ConfigurationText.Redact(message)).ConfigureAwait(false);
        }

        return ExitCodes.ConfigurationError;
    }

    /// <summary>The operator's message when <paramref name="exception"/> is a fault of the state; null otherwise.</summary>
    internal static string? StateFault(IServiceProvider services, Exception exception)
    {
        if (exception is StateStoreException store)
        {
            return store.Message;
        }

        try
        {
            return services.GetService<StateStore>()?.DescribeFault(exception);
        }
        catch (StateStoreException)
        {
            return null;
        }
    }

    private static bool IsServiceFailure(Exception ex) =>
        ex is DataverseException or MarketoApiException or HttpRequestException or Microsoft.Identity.Client.MsalException or IOException or UnauthorizedAccessException;
}
