using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Records;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// <c>close</c>: a thin shell over <see cref="CloseService"/>. A real close (its quality gate runs the whole test suite)
/// is a server-owned <see cref="PhaseJob"/> the call waits for at most <c>wait_seconds</c> (under Codex's 60 s tool
/// limit), answering <c>status: "running"</c> until a later call collects the report; a dry run runs no gate and is
/// answered in the call.
/// </summary>
[McpServerToolType]
internal sealed class CloseTools(
    SessionProjectResolver projects,
    PhaseJobRegistry jobs,
    BuildRunRegistry runs,
    IGit git,
    IProcessRunner processRunner,
    SessionLockManager locks,
    TimeProvider timeProvider,
    ILoggerFactory loggers,
    IServiceProvider services)
{
    public const string Phase = "close";

    // One client for the server's lifetime (sockets are pooled); tokens are added per request, never as defaults.
    private static readonly HttpClient TrackerHttp = new() { Timeout = TimeSpan.FromSeconds(60) };

    [McpServerTool(Name = "close", Title = "Close the session", UseStructuredContent = true,
        OutputSchemaType = typeof(CloseToolResult), Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("After build_result: verifies chunks, files carryover issues, runs the quality gate (tests, lint, debug-artefact " +
        "scan; a failure blocks the commit), commits done chunks, optionally pushes, writes the report. Run dry_run first and show " +
        "the user." + PhaseTools.RunningHint)]
    public async Task<CallToolResult> Close(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Commit done chunks (default true).")] bool? commit = null,
        [Description("Push the branch, never forced (default false).")] bool? push = null,
        [Description("File carryover and gate-failure issues (default true).")] bool? create_issues = null,
        [Description("Report only, change nothing.")] bool? dry_run = null,
        [Description("Commit despite a failed gate; only with user consent.")] bool? allow_failing_gate = null,
        [Description(PhaseTools.WaitDescription)] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        if (runs.RunningFor(sessionId) is { } build)
        {
            throw new ToolRefusedException($"Cannot close session '{sessionId}': build run '{build.Handle.RunId}' is still running. " +
                "Follow it with build_status until it ends (or stop it with build_cancel), then call close.");
        }

        var request = new CloseRequest(sessionId)
        {
            Commit = commit ?? true,
            Push = push ?? false,
            CreateIssues = create_issues ?? true,
            DryRun = dry_run ?? false,
            AllowFailingGate = allow_failing_gate ?? false,
        };
        var service = new CloseService(git, processRunner, locks, new IssueTrackerFactory(TrackerHttp, Environment.GetEnvironmentVariable, timeProvider),
            timeProvider, loggers.CreateLogger<CloseService>(), services.GetService<IBuildRunEnvironmentFactory>());
        CloseResult? closed;
        string? running = null;
        if (dry_run == true)
        {
            if (jobs.RunningFor(project, sessionId) is { } job)
            {
                throw new ToolRefusedException($"Cannot dry-run close: the {job.Phase} job of session '{sessionId}' is still running. " +
                    $"Call {job.Phase} with just session_id until it returns its result.");
            }

            closed = ToolResults.Unwrap(await service.CloseAsync(project, request, new CloseStepProgress(new CloseStepNotifications(progress)), cancellationToken).ConfigureAwait(false));
        }
        else
        {
            // Explicit defaults are the same request as none, so "call again with just session_id" joins the running close.
            var arguments = request is { Commit: true, Push: false, CreateIssues: true, AllowFailingGate: false }
                ? null
                : $"commit={request.Commit} push={request.Push} create_issues={request.CreateIssues} allow_failing_gate={request.AllowFailingGate}";
            var lease = ToolResults.Unwrap(jobs.Claim(project, sessionId, Phase, arguments,
                async (p, ct) =>
                {
                    var outcome = await service.CloseAsync(project, request, new CloseStepProgress(p), ct).ConfigureAwait(false);
                    return outcome.Succeeded ? Outcome<object>.Success(outcome.Value) : Outcome<object>.Failure(outcome.Error);
                },
                new CloseStepNotifications(progress)));
            (closed, running) = await PhaseTools.WaitForJobAsync<CloseResult>(jobs, lease, wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (closed is null)
        {
            return ToolResults.Structured(RunningResult(sessionId),
                $"close is still running{(running is null ? "" : $" ({running})")}; the work continues on the server. Call close again with just session_id to wait for the report.");
        }

        var summary = closed.DryRun
            ? $"Dry run of close for {closed.SessionId}: commit {closed.CommitStatus}, gate {closed.Gate.Status}, {closed.Issues.Count(i => i.Status == "would_create")} issue(s) would be filed. Nothing was changed."
            : $"Session {closed.SessionId} closed: {closed.Metrics.ChunksDone}/{closed.Verification.Chunks.Count} chunks done, commit {closed.CommitStatus} ({closed.Commits.Count}), gate {closed.Gate.Status}, " +
              $"{closed.Issues.Count(i => i.Status == "created")} issue(s) filed. Show the user the report.";
        return ToolResults.Structured(Shape(closed), summary);
    }

    private static CloseToolResult RunningResult(string sessionId) =>
        new(sessionId, false, "", null, null, [], "", null, [], [], [], new QualityGateToolResult("", "", [], []), new CloseReviewResult("", null, []),
            [], [], [], [], [], [], JsonElement.Parse("{}"), [], PhaseJobStatus.Running);

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
            JsonSerializer.SerializeToElement(closed.Metrics, CloseJson.TypeInfo<SessionMetrics>()),
            closed.Problems,
            PhaseJobStatus.Done);
    }
}
