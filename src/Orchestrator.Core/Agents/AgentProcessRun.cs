using System.Globalization;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Agents;

/// <summary>
/// Starts one agent CLI for one job the way every CLI runner must: argument list, the job's tree as working directory,
/// stdin closed (after the prompt, when the prompt goes there), an explicit environment, output streamed to the
/// job's log with secrets masked, the job's timeout killing the whole tree.
/// </summary>
internal static class AgentProcessRun
{
    /// <summary>Runs <paramref name="executable"/> for <paramref name="job"/>; the result's kind tells timeout from cancellation.</summary>
    public static async Task<ProcessResult> RunAsync(
        IProcessRunner processRunner,
        AgentJob job,
        string executable,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? configuredEnvironment,
        string? standardInput,
        AgentVendor vendor,
        CancellationToken cancellationToken)
    {
        var environment = AgentProcessEnvironment.Build(configuredEnvironment, vendor: vendor);
        var secrets = SecretMasker.SecretValuesIn(environment);
        WriteLogHeader(job, executable, arguments, secrets);
        var spec = new ProcessSpec(executable, arguments, job.WorkingDirectory)
        {
            Environment = environment,
            InheritEnvironment = false,
            StandardInput = standardInput,
            Timeout = job.Timeout,
            LogPath = job.LogPath,
            Secrets = secrets,
        };
        return await processRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The outcome of a process that did not exit by itself (or could not start); null when it exited.</summary>
    public static AgentOutcome? NotExited(ProcessResult result, string runnerName, AgentJob job) => result.Kind switch
    {
        ProcessExitKind.TimedOut => Outcome(AgentOutcomeStatus.TimedOut, $"agent timed out after {job.Timeout}; {runnerName} process tree stopped", result, job),
        ProcessExitKind.Cancelled => Outcome(AgentOutcomeStatus.Cancelled, "cancelled", result, job),
        ProcessExitKind.FailedToStart => Outcome(AgentOutcomeStatus.Failed, $"{runnerName} could not be started: {result.FailureMessage}", result, job),
        _ => null,
    };

    /// <summary>A failed or finished outcome without tokens or cost.</summary>
    public static AgentOutcome Outcome(AgentOutcomeStatus status, string? reason, ProcessResult result, AgentJob job) =>
        new(status, null, reason, 0m, TokenUsage.None, result.Duration, job.LogPath);

    /// <summary>The last lines of stderr, for a failure reason.</summary>
    public static string StderrTail(ProcessResult result)
    {
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join(" | ", lines.TakeLast(3));
        return tail.Length > 400 ? tail[^400..] : tail;
    }

    /// <summary>A sidecar file next to the job's log (prompt, schema): inside .orchestrator/, never in the agent's tree.</summary>
    public static string SidecarPath(AgentJob job, string suffix)
    {
        var log = job.LogPath;
        var stem = log.EndsWith(".log", StringComparison.Ordinal) ? log[..^4] : log;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stem))!);
        return stem + suffix;
    }

    private static void WriteLogHeader(AgentJob job, string executable, IReadOnlyList<string> arguments, IReadOnlyList<string> secrets)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(job.LogPath))!);
        var shown = arguments.Select(a => a.Length > 200 ? a[..200] + "..." : a);
        var header = string.Create(CultureInfo.InvariantCulture,
            $"# job {job.JobId} role={job.Role} tier={job.Tier} attempt={job.Attempt} timeout={job.Timeout}\n# cwd {job.WorkingDirectory}\n# {executable} {string.Join(' ', shown)}\n");
        File.AppendAllText(job.LogPath, SecretMasker.Mask(header, secrets));
    }
}
