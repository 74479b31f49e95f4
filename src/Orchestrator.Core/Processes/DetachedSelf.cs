using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Orchestrator.Core.Processes;

/// <summary>
/// What a detached worker does first, about itself: lead its own session (setsid, when its starter could not do it),
/// and point stdin at /dev/null and stdout/stderr at its log file (the pipes it was started with die with the server).
/// </summary>
public static partial class DetachedSelf
{
    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "getsid", SetLastError = true)]
    private static partial int GetSid(int pid);

    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    private static partial int GetPgid(int pid);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);

    /// <summary>Whether this process leads its own session and process group (so a group kill hits only its own tree).</summary>
    public static bool LeadsOwnGroup =>
        !OperatingSystem.IsWindows() && GetPgid(0) == Environment.ProcessId && GetSid(0) == Environment.ProcessId;

    /// <summary>Makes this process a session (and process group) leader unless it already is; false when it could not.</summary>
    public static bool EnsureOwnSession()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        if (LeadsOwnGroup)
        {
            return true;
        }

        _ = SetSid();
        return LeadsOwnGroup;
    }

    /// <summary>Points fd 0 at /dev/null and fds 1 and 2 at <paramref name="logPath"/> (appending). Call before anything writes.</summary>
    public static void RedirectStandardStreams(string logPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        using SafeFileHandle log = File.OpenHandle(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        using SafeFileHandle nothing = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var logFd = (int)log.DangerousGetHandle();
        _ = Dup2((int)nothing.DangerousGetHandle(), 0);
        _ = Dup2(logFd, 1);
        _ = Dup2(logFd, 2);
    }
}
