using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Build;
using Orchestrator.Core.Close;
using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary><c>close</c>: a thin shell over <see cref="CloseService"/>.</summary>
[McpServerToolType]
internal sealed class CloseTools(
    SessionService sessions,
    ProjectRootResolver roots,
    IGit git,
    IProcessRunner processRunner,
    SessionLockManager locks,
    TimeProvider timeProvider,
    ILoggerFactory loggers,
    IServiceProvider services)
{
    // One client for the server's lifetime (sockets are pooled); tokens are added per request, never as defaults.
    private static readonly HttpClient TrackerHttp = new() { Timeout = TimeSpan.FromSeconds(60) };

    [McpServerTool(Name = "close", Title = "Close the session", UseStructuredContent = true,
        OutputSchemaType = typeof(CloseToolResult), Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Call after build_result to end a session: verifies each chunk (done/partial/failed/not started), files carryover issues " +
        "once, runs the quality gate (tests, typecheck, lint, debug-artefact scan; a failure blocks the commit), commits the done chunks' " +
        "files one by one (other dirty files untouched), optionally pushes and mirrors, writes metrics, learnings, handover and report. " +
        "Run dry_run: true first and show the user.")]
    public async Task<CallToolResult> Close(
        McpServerInstance server,
        IProgress<ProgressNotificationValue> progress,
        [Description("The session to close.")] string session_id,
        [Description("Commit the done chunks' files (default true). Never on the default branch unless configured.")] bool commit = true,
        [Description("Push the session branch to the push remote (default origin) and mirror it to the mirror remote (default github) when that exists. Never forced.")] bool push = false,
        [Description("File carryover issues for unfinished chunks and a priority:high issue for a failed gate (default true).")] bool create_issues = true,
        [Description("Report everything that would happen and change nothing (default false).")] bool dry_run = false,
        [Description("Commit even when the quality gate fails (the failure is still filed). Only with the user's explicit consent.")] bool allow_failing_gate = false,
        [Description("Repository path. Default: the client's root, else the server's --project, else its working directory.")] string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(session_id))
        {
            throw new ToolRefusedException("session_id is empty. Pass the id session_start returned (session_status without session_id shows the latest).");
        }

        var directory = await roots.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var project = ToolResults.Unwrap(await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false));
        var trackers = new IssueTrackerFactory(TrackerHttp, Environment.GetEnvironmentVariable, timeProvider);
        var service = new CloseService(git, processRunner, locks, trackers, timeProvider, loggers.CreateLogger<CloseService>(),
            services.GetService<IBuildRunEnvironmentFactory>());
        var request = new CloseRequest(session_id.Trim())
        {
            Commit = commit,
            Push = push,
            CreateIssues = create_issues,
            DryRun = dry_run,
            AllowFailingGate = allow_failing_gate,
        };
        // Progress notifications (when the client sent a progress token) show close is alive while the gate's tests run.
        var steps = new CloseStepProgress(progress);
        var closed = ToolResults.Unwrap(await service.CloseAsync(project, request, steps, cancellationToken).ConfigureAwait(false));
        var result = Shape(closed);
        var summary = dry_run
            ? $"Dry run of close for {closed.SessionId}: commit {closed.CommitStatus}, gate {closed.Gate.Status}, {closed.Issues.Count(i => i.Status == "would_create")} issue(s) would be filed. Nothing was changed."
            : $"Session {closed.SessionId} closed: {closed.Metrics.ChunksDone}/{closed.Verification.Chunks.Count} chunks done, commit {closed.CommitStatus} ({closed.Commits.Count}), gate {closed.Gate.Status}, " +
              $"{closed.Issues.Count(i => i.Status == "created")} issue(s) filed. Show the user the report.";
        return ToolResults.Structured(result, summary);
    }

    private static CloseToolResult Shape(CloseResult closed)
    {
        static CloseIssueResult Issue(IssueRecord i) => new(i.Kind, i.Status, i.Number, i.Title, i.Location, i.Labels, i.ChunkId, i.Error);
        return new CloseToolResult(
            closed.SessionId,
            closed.DryRun,
            closed.Report,
            closed.ReportPath,
            closed.HandoverPath,
            closed.Commits.Select(c => new CloseCommitResult(c.Sha, c.Subject, c.Message, c.Files, c.ChunkIds)).ToList(),
            closed.CommitStatus,
            closed.CommitReason,
            closed.PlannedCommits.Select(c => new CloseCommitResult(null, c.Subject, c.Message, c.Files, c.ChunkIds)).ToList(),
            closed.Issues.Where(i => i.Status is "created" or "would_create").Select(Issue).ToList(),
            closed.Issues.Select(Issue).ToList(),
            new QualityGateToolResult(closed.Gate.Status, closed.Gate.Summary,
                closed.Gate.Checks.Select(c => new GateCheckResult(c.Kind, c.Command, c.Source, c.Status, c.ExitCode, c.DurationMs, c.OutputTail)).ToList(),
                closed.Gate.DebugArtefacts.Select(a => $"{a.File}:{a.Line} {a.Pattern}").ToList()),
            new CloseReviewResult(closed.Review.Status, closed.Review.Reason,
                closed.Review.Findings.Select(f => $"{f.Severity.ToString().ToLowerInvariant()}: {f.Title}{(f.File is null ? "" : $" ({f.File}{(f.Line is null ? "" : $":{f.Line}")})")}").ToList()),
            closed.Verification.Chunks.Select(c => new ChunkVerdictResult(c.ChunkId, c.Status, c.Scope, c.Evidence, c.FilesChanged)).ToList(),
            closed.Verification.UncoveredPlanItems,
            closed.Pushes.Select(p => new ClosePushResult(p.Kind, p.Remote, p.Branch, p.Status, p.Message)).ToList(),
            closed.LeftUncommitted,
            closed.Snapshots.SessionRefs.Concat(closed.Snapshots.ExpiredOrphans).ToList(),
            closed.StaleWorktreesRemoved,
            JsonSerializer.SerializeToElement(closed.Metrics, CloseJson.Lines),
            closed.Problems);
    }
}
