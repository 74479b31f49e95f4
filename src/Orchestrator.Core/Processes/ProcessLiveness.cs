using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Core.Processes;

/// <summary>Answers "is the process that wrote this lock still running?" without trusting a bare pid.</summary>
public static class ProcessLiveness
{
    /// <summary>A marker of when <paramref name="pid"/> started (clock ticks since boot on Linux), or null if unknown or ended (a zombie).</summary>
    public static string? StartMarker(int pid)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // A zombie (Z) or dying (X) process has ended: it only waits for its parent to reap it, so it owns nothing.
                if (fields.Length > 0 && fields[0] is "Z" or "X")
                {
                    return null;
                }

                // Field 22 of stat is starttime; after the comm field it is the 20th (index 19).
                return fields.Length > 19 ? fields[19] : null;
            }

            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public static bool IsAlive(int pid, string? startMarker)
    {
        var current = StartMarker(pid);
        if (current is null)
        {
            return false;
        }

        return startMarker is null || current == startMarker;
    }
}
