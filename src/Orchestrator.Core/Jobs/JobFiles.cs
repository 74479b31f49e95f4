using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// Where a detached phase job lives: <c>.orchestrator/jobs/&lt;job-id&gt;/</c> with <c>job.json</c> (what to run),
/// <c>job.lock</c> (its worker: pid, start time, host, heartbeat), <c>progress.jsonl</c> (one line per report), <c>outcome.json</c> (its end,
/// written before the lock is let go), <c>cancel.request</c>, <c>worker.log</c>, and <c>collected</c> once a server
/// has taken the outcome.
/// </summary>
public static partial class JobFiles
{
    public const string LockFileName = "job.lock";
    public const string ProgressFileName = "progress.jsonl";
    public const string CollectedFileName = "collected";

    public static string Root(ProjectContext project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Path.Combine(project.OrchestratorDirectory, "jobs");
    }

    public static string DirectoryOf(ProjectContext project, string jobId) => Path.Combine(Root(project), jobId);

    /// <summary>e.g. <c>spec-20260101-120000-a1b2c3</c>: the phase, when, and a random tail.</summary>
    public static string NewId(JobKind kind, DateTimeOffset now) =>
        $"{kind.ToSnakeCase()}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Whether <paramref name="jobId"/> has that shape (so it names a folder under <see cref="Root"/> and nothing else).</summary>
    public static bool IsWellFormed(string jobId) => jobId is not null && Shape().IsMatch(jobId);

    public static bool IsCollected(string jobDirectory) => File.Exists(Path.Combine(jobDirectory, CollectedFileName));

    public static void MarkCollected(string jobDirectory)
    {
        try
        {
            File.WriteAllText(Path.Combine(jobDirectory, CollectedFileName), "");
        }
        catch (IOException)
        {
            // Only means the next server reports the outcome once more.
        }
    }

    [GeneratedRegex("^[a-z]+-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$")]
    private static partial Regex Shape();
}
