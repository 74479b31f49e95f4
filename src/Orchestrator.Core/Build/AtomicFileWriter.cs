using System.Text;

namespace Orchestrator.Core.Build;

/// <summary>Writes a file so readers see the old or the new content, never a torn one: temp file, fsync, rename.</summary>
internal static class AtomicFileWriter
{
    public static void WriteAllText(string path, string content)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
