namespace CrmSync.Demo;

/// <summary>A fresh temporary folder for the agent's SQLite state file; deleted on dispose as far as it can be.</summary>
internal sealed class TemporaryStateFolder : IDisposable
{
    private readonly DirectoryInfo _directory;

    private TemporaryStateFolder(DirectoryInfo directory) => _directory = directory;

    /// <summary>Creates a folder under the temp path whose name starts with <paramref name="prefix"/>.</summary>
    public static TemporaryStateFolder Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix));

    /// <summary>The state connection string for the SQLite file <paramref name="fileName"/> in the folder.</summary>
    public string ConnectionString(string fileName = "state.db") => $"Data Source={Path.Combine(_directory.FullName, fileName)}";

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held open leaves the folder behind.
        }
    }
}
