using Microsoft.Extensions.Configuration;

namespace CrmSync.SyncAgent.Hosting;

/// <summary>Where the agent's configuration comes from, lowest precedence first.</summary>
internal static class AgentConfiguration
{
    /// <summary>The settings file looked for beside the executable and in the working directory.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>
    /// <c>appsettings.json</c> beside the executable, then in the working directory, then <paramref name="configFile"/>
    /// (<c>--config</c>; must exist), then environment variables (<c>CrmSync__Dataverse__Url</c>), which win so a
    /// service's environment file can hold the secrets.
    /// </summary>
    public static IConfiguration Load(string? configFile)
    {
        var builder = new ConfigurationBuilder();
        var beside = Path.Combine(AppContext.BaseDirectory, SettingsFileName);
        var working = Path.Combine(Directory.GetCurrentDirectory(), SettingsFileName);
        builder.AddJsonFile(beside, optional: true, reloadOnChange: false);
        if (!string.Equals(Path.GetFullPath(beside), Path.GetFullPath(working), StringComparison.Ordinal))
        {
            builder.AddJsonFile(working, optional: true, reloadOnChange: false);
        }

        if (!string.IsNullOrWhiteSpace(configFile))
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new ConfigurationFileException($"--config: the file '{full}' does not exist.");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            // A malformed JSON file: the parser's message names the file and the position.
            throw new ConfigurationFileException(ex.Message, ex);
        }
    }
}
