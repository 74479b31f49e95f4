using System.Globalization;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Dashboard.Views;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>
/// Reads what the dashboard shows straight from disk (STATE.md files and run journals), so it sees runs of every
/// orchestrator process on the repository, not only this one's. Never writes.
/// </summary>
internal static class DashboardReader
{
    public static async Task<IReadOnlyList<DashboardSession>> ReadSessionsAsync(ProjectContext project, CancellationToken cancellationToken)
    {
        var store = new SessionStore(project.SessionsDirectory);
        var sessions = new List<DashboardSession>();
        foreach (var outcome in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (outcome.Succeeded)
            {
                var s = outcome.Value;
                sessions.Add(new DashboardSession(s.Session, s.Description, s.Phase, s.Status, s.Branch, s.WorkTree, s.StartedAt, s.Updated,
                    [DashboardGate.From("plan", s.Gates.Plan), DashboardGate.From("build", s.Gates.Build), DashboardGate.From("concerns", s.Gates.Concerns), DashboardGate.From("failures", s.Gates.Failures), DashboardGate.From("publish", s.Gates.Publish)],
                    s.Runs, null)
                {
                    Job = LiveJobReader.LiveFor(project, s.Session, TimeProvider.System) is { } job
                        ? new DashboardJob(job.JobId, job.Phase, job.Worker is null ? "starting" : "running", job.Worker?.Pid, job.LastProgress?.ToString())
                        : null,
                });
            }
            else
            {
                sessions.Add(new DashboardSession("?", "", "", "unreadable", "", "", null, null, [], [], outcome.Error.Message));
            }
        }

        return sessions;
    }

    /// <summary>Every run with a readable journal, newest first, each with the session that lists it.</summary>
    public static IReadOnlyList<DashboardRunSummary> ReadRuns(ProjectContext project, IReadOnlyList<DashboardSession> sessions, Func<string, string?, bool> isRunLive)
    {
        var runs = RunIds.RunsDirectory(project);
        if (!Directory.Exists(runs))
        {
            return [];
        }

        var summaries = new List<DashboardRunSummary>();
        foreach (var directory in Directory.EnumerateDirectories(runs))
        {
            var id = Path.GetFileName(directory);
            if (DashboardPaths.RunDirectory(project, id) is null || RunJournal.ReadSnapshot(directory) is not { } snapshot)
            {
                continue;
            }

            var sessionId = SessionOf(sessions, id);
            summaries.Add(new DashboardRunSummary(
                id,
                sessionId,
                StatusOf(snapshot, id, sessionId, isRunLive),
                snapshot.Phase,
                snapshot.StartedAt,
                snapshot.FinishedAt,
                snapshot.CostUsd,
                snapshot.Chunks.Count,
                snapshot.Chunks.Count(c => c.State == ChunkRunState.Succeeded),
                snapshot.Chunks.Count(c => c.State == ChunkRunState.Failed),
                snapshot.Chunks.Count(c => c.State == ChunkRunState.Running)));
        }

        return summaries.OrderByDescending(r => r.StartedAt ?? DateTimeOffset.MinValue).ToList();
    }

    /// <summary>The run in detail, or null when there is no such run (or no readable journal yet).</summary>
    public static DashboardRun? ReadRun(ProjectContext project, string runId, IReadOnlyList<DashboardSession> sessions, Func<string, string?, bool> isRunLive)
    {
        if (DashboardPaths.RunDirectory(project, runId) is not { } directory || RunJournal.ReadSnapshot(directory) is not { } snapshot)
        {
            return null;
        }

        var attempts = snapshot.Attempts
            .Select(a =>
            {
                var log = DashboardPaths.LogName(directory, a.LogPath);
                return new DashboardAttempt(a.ChunkId, a.Attempt, Name(a.Role), Name(a.Tier), Name(a.Outcome), a.Reason, a.CostUsd, a.DurationMs,
                    log, log is not null && DashboardPaths.LogFile(directory, log) is not null, a.Worker);
            })
            .ToList();
        var chunks = snapshot.Chunks
            .Select(c =>
            {
                var mine = snapshot.Attempts.Where(a => a.ChunkId == c.Id).ToList();
                return new DashboardChunk(
                    c.Id,
                    Name(c.State),
                    c.Attempts,
                    c.Model is { } tier ? Name(tier) : null,
                    mine.Sum(a => a.CostUsd),
                    mine.Sum(a => a.DurationMs),
                    c.Summary,
                    c.Blocker,
                    c.SkipReason,
                    c.TestsPassed,
                    c.FilesChanged,
                    snapshot.Findings.Where(f => f.ChunkId == c.Id).ToList());
            })
            .ToList();
        var sessionId = SessionOf(sessions, runId);
        var status = StatusOf(snapshot, runId, sessionId, isRunLive);
        return new DashboardRun(
            runId,
            sessionId,
            status,
            snapshot.Phase,
            snapshot.Iteration,
            snapshot.StartedAt,
            snapshot.FinishedAt,
            snapshot.CostUsd,
            snapshot.StopReason,
            snapshot.LastSeq,
            File.Exists(DashboardPaths.ResultFile(directory)),
            chunks,
            attempts,
            snapshot.Unassigned,
            snapshot.ScopeViolations,
            // The board of a run that ended is history (its workers may be gone): shown only while the run runs.
            status == RunStatus.Running ? ClusterToolResult.From(ClusterBoardFile.Read(directory)) : null);
    }

    /// <summary>
    /// A cheap token that changes whenever a session file or a journal changes (sizes and write times), or a run starts
    /// or stops being executed (<paramref name="isRunLive"/>): a run's status depends on that too, and the last change
    /// of a run is its executor letting go after writing <c>run.finished</c> and STATE.md, which changes no file the
    /// token reads (without it a page that polled in between showed the ended run as running until something else moved).
    /// </summary>
    public static string Fingerprint(ProjectContext project, string? runId, Func<string, bool> isRunLive)
    {
        ArgumentNullException.ThrowIfNull(isRunLive);
        var parts = new List<string>();
        if (Directory.Exists(project.SessionsDirectory))
        {
            foreach (var directory in Directory.EnumerateDirectories(project.SessionsDirectory))
            {
                AddFile(parts, Path.Combine(directory, SessionStore.StateFileName));
            }
        }

        var runs = RunIds.RunsDirectory(project);
        if (Directory.Exists(runs))
        {
            foreach (var directory in Directory.EnumerateDirectories(runs))
            {
                AddFile(parts, RunJournal.PathIn(directory));
                AddFile(parts, DashboardPaths.ResultFile(directory));
                // A cluster run's board: a worker's load changes without a journal event.
                AddFile(parts, Path.Combine(directory, ClusterBoardFile.FileName));
                if (isRunLive(Path.GetFileName(directory)))
                {
                    parts.Add(directory + ":executing");
                }
            }
        }

        if (Directory.Exists(JobFiles.Root(project)))
        {
            // A phase job's start, progress and end show on the session.
            foreach (var directory in Directory.EnumerateDirectories(JobFiles.Root(project)))
            {
                AddFile(parts, Path.Combine(directory, JobFiles.LockFileName));
                AddFile(parts, Path.Combine(directory, JobFiles.ProgressFileName));
                AddFile(parts, Path.Combine(directory, JobOutcome.FileName));
            }
        }

        if (runId is not null && DashboardPaths.RunDirectory(project, runId) is { } run && Directory.Exists(Path.Combine(run, "logs")))
        {
            foreach (var log in Directory.EnumerateFiles(Path.Combine(run, "logs")))
            {
                AddFile(parts, log);
            }
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join('|', parts);
    }

    private static void AddFile(List<string> parts, string path)
    {
        var info = new FileInfo(path);
        if (info.Exists)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{info.Length}:{info.LastWriteTimeUtc.Ticks}"));
        }
    }

    private static string? SessionOf(IReadOnlyList<DashboardSession> sessions, string runId) =>
        sessions.FirstOrDefault(s => s.Runs.Contains(runId, StringComparer.Ordinal))?.Id;

    /// <summary>The tools' rule (<see cref="RunStatusRule"/>), with "executing" as the dashboard sees it across servers.</summary>
    private static RunStatus StatusOf(RunSnapshot snapshot, string runId, string? sessionId, Func<string, string?, bool> isRunLive) =>
        RunStatusRule.OfRecord(snapshot, isRunLive(runId, sessionId));

    private static string Name<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
