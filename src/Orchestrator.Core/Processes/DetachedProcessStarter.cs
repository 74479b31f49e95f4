using System.Diagnostics;

namespace Orchestrator.Core.Processes;

/// <summary>
/// Starts a process that must survive its starter and its starter's client: an explicit argument list (no shell) and
/// environment, through <c>setsid --fork</c>, so it runs in a session of its own (the client's process group, a
/// terminal hang-up or Ctrl-C never reach it) and is not even a descendant of the starter (a client that kills its
/// server's whole process tree does not reach it either; it is re-parented to init). Its stdin, stdout and stderr are
/// pipes closed at once: the process is expected to point them elsewhere first thing (an inherited stdout would be
/// the MCP channel). Its pid is not known here; the process announces itself (a worker through its run lock).
/// </summary>
public static class DetachedProcessStarter
{
    private static readonly string[] SetsidCandidates = ["/usr/bin/setsid", "/bin/setsid"];

    /// <summary>Starts it; throws <see cref="System.ComponentModel.Win32Exception"/> when the program cannot be started.</summary>
    public static void Start(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        // Without util-linux's setsid the child is a plain child of the starter; it still calls setsid() itself first
        // thing (DetachedSelf), which keeps the client's signals away but not a tree kill of the starter.
        var setsid = OperatingSystem.IsWindows() ? null : SetsidCandidates.FirstOrDefault(File.Exists);
        var info = new ProcessStartInfo(setsid ?? fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (setsid is not null)
        {
            info.ArgumentList.Add("--fork");
            info.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start '{fileName}'");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
        // setsid --fork returns at once; waiting reaps it (without setsid this waits for the worker itself, which
        // then needs reaping too).
        _ = process.WaitForExitAsync().ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
    }
}
