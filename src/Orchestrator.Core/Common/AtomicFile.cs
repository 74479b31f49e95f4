using System.Text;

namespace Orchestrator.Core.Common;

/// <summary>
/// Writes that never leave a half-written file: the text goes to a temporary file beside the target, is flushed to
/// disk, and replaces the target with one rename. A crash at any point leaves either the old or the new file whole.
/// Used for STATE.md, lock heartbeats and a run's result.json.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Utf8NoBom.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// The same write for async callers. The fsync blocks either way and these files are small, so one synchronous
    /// implementation serves both; the token is honoured before anything is written.
    /// </summary>
    public static Task WriteAllTextAsync(string path, string content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        WriteAllText(path, content);
        return Task.CompletedTask;
    }
}
