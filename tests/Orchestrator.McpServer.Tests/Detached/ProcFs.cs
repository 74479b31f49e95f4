using System.Globalization;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>What /proc says about processes: the evidence that a dead worker left no agent behind.</summary>
internal static class ProcFs
{
    /// <summary>Live (not zombie) processes whose process group is <paramref name="processGroup"/>.</summary>
    public static IReadOnlyList<int> LiveInGroup(int processGroup) =>
        Processes().Where(p => p.Group == processGroup && p.State is not ("Z" or "X")).Select(p => p.Pid).ToList();

    /// <summary>Whether <paramref name="pid"/> runs (a zombie has ended).</summary>
    public static bool IsLive(int pid) => Processes().Any(p => p.Pid == pid && p.State is not ("Z" or "X"));

    /// <summary>Live processes whose command line has every one of <paramref name="parts"/> as an argument.</summary>
    public static IReadOnlyList<int> WithArguments(params string[] parts) =>
        Processes().Where(p => p.State is not ("Z" or "X") && parts.All(p.Arguments.Contains)).Select(p => p.Pid).ToList();

    /// <summary>"pid state command line" of each of <paramref name="pids"/>, for assertion messages.</summary>
    public static string Describe(IEnumerable<int> pids) =>
        string.Join("; ", pids.Select(pid => Processes().FirstOrDefault(p => p.Pid == pid) is { Pid: > 0 } p ? $"{p.Pid} {p.State} {string.Join(' ', p.Arguments)}" : $"{pid} gone"));

    public static async Task WaitUntilGoneAsync(int pid, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100 && IsLive(pid); i++)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static IEnumerable<(int Pid, string State, int Group, string[] Arguments)> Processes()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            string[] arguments;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid pgrp ...": parsed after the last ')', since comm may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 2)
            {
                yield return (pid, fields[0], int.Parse(fields[2], CultureInfo.InvariantCulture), arguments);
            }
        }
    }
}
