using System.IO.Compression;

namespace CrmSync.SolutionPackager;

/// <summary>Writes a zip whose bytes depend only on the entries: fixed order, fixed timestamps.</summary>
internal static class DeterministicZip
{
    // Any fixed value works; the DOS date format starts in 1980.
    private static readonly DateTimeOffset EntryTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string path, IReadOnlyList<(string Name, byte[] Content)> entries)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write beside the target and move into place, so an interrupted pack never leaves a
        // truncated zip that an incremental build would take as up to date.
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTimestamp;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
