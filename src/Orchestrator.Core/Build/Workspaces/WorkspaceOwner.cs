using System.Globalization;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// An owner file, like a lock: the pid and start marker of the process that holds a run folder or a pool slot, so a
/// janitor can tell a crashed owner from a live one (a pid alone may have been reused).
/// </summary>
public static class WorkspaceOwner
{
    // A file created but not yet written is someone claiming it right now, unless it stays empty this long.
    private static readonly TimeSpan EmptyGrace = TimeSpan.FromMinutes(1);

    /// <summary>This process, as an owner file holds it.</summary>
    public static string Current
    {
        get
        {
            var pid = Environment.ProcessId;
            return string.Create(CultureInfo.InvariantCulture, $"{pid} {ProcessLiveness.StartMarker(pid)}\n");
        }
    }

    /// <summary>Writes <paramref name="ownerFile"/> for this process, replacing what it held.</summary>
    public static void Write(string ownerFile) => File.WriteAllText(ownerFile, Current);

    /// <summary>
    /// Creates <paramref name="ownerFile"/> for this process only when it does not exist (atomic: of two claimants,
    /// in this process or another, exactly one wins). False when someone holds it.
    /// </summary>
    public static bool TryClaim(string ownerFile)
    {
        try
        {
            using var stream = new FileStream(ownerFile, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(Current));
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(ownerFile))
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="ownerFile"/> exists and names a process that is still running.</summary>
    public static bool IsAlive(string ownerFile)
    {
        try
        {
            var text = File.ReadAllText(ownerFile);
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0)
            {
                return DateTime.UtcNow - File.GetLastWriteTimeUtc(ownerFile) < EmptyGrace;
            }

            return int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                && ProcessLiveness.IsAlive(pid, parts.Length > 1 ? parts[1] : null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="ownerFile"/> names this process.</summary>
    public static bool IsMine(string ownerFile)
    {
        try
        {
            return File.ReadAllText(ownerFile) == Current;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
