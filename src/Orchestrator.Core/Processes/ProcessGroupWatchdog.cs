using System.Diagnostics;

namespace Orchestrator.Core.Processes;

/// <summary>
/// Makes a detached worker's agents die with it, however it dies (kill -9 included). The worker leads its own process
/// group, and every agent it starts (and their children) stays in that group. The watchdog is a tiny shell in the same
/// group blocked reading a pipe whose only writer is the worker: when the worker dies the kernel closes that pipe, the
/// read returns, and the shell sends SIGKILL to the whole group (itself included).
/// </summary>
/// <remarks>
/// Chosen over the alternatives: <c>PR_SET_PDEATHSIG</c> fires when the forking <em>thread</em> exits, and .NET forks
/// agents from pool threads that retire, so it would kill agents spuriously (a dedicated spawning thread would fix that
/// but reaches only the agent itself, not the children it started); a start-up sweep of recorded pids only cleans up
/// when some server next looks, while agents keep editing a tree nobody owns. The group kill is immediate and needs no
/// help from the agents. A descendant that starts a session of its own (setsid) escapes the group; agent CLIs do not.
/// </remarks>
public static class ProcessGroupWatchdog
{
    // Held for the process's lifetime: dropping the writer's last reference would let a finaliser close the pipe.
    private static Process? watchdog;

    /// <summary>Starts the watchdog for this process's group; false (and nothing started) unless this process leads its own group.</summary>
    public static bool Start()
    {
        if (!OperatingSystem.IsLinux() || !DetachedSelf.LeadsOwnGroup || watchdog is not null)
        {
            return watchdog is not null;
        }

        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        // `read` returns at end of input, i.e. when the worker (the pipe's only writer: .NET opens its pipes close-on-exec,
        // so agents never inherit the write end) has exited.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("read _ ; kill -KILL -\"$1\"");
        info.ArgumentList.Add("orchestrator-watchdog");
        info.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        watchdog = Process.Start(info);
        return watchdog is not null;
    }
}
