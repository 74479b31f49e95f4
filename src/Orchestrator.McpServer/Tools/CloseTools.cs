using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Records;
using Orchestrator.Core.Common;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// <c>close</c>: a thin shell over <see cref="CloseService"/>. A real close (its quality gate runs the whole test suite)
/// is a server-owned <see cref="PhaseJob"/> the call waits for at most <c>wait_seconds</c> (under Codex's 60 s tool
/// limit), answering <c>status: "running"</c> until a later call collects the report; a dry run runs no gate and is
/// answered in the call.
/// </summary>
[McpServerToolType]
internal sealed class CloseTools(SessionProjectResolver projects, PhaseJobRegistry jobs, DetachedJobControl detached, BuildRunRegistry runs, CloseService service)
{
    public const string Phase = "close";

    [McpServerTool(Name = "close", Title = "Close the session", UseStructuredContent = true,
        OutputSchemaType = typeof(CloseToolResult), Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("After build_result: verifies chunks, files carryover issues, runs the quality gate (failure blocks the commit), " +
        "commits, optionally pushes, reports. Commit/push answers awaiting_approval first: show its preview, then approve gate publish." +
        PhaseTools.RunningHint)]
    public async Task<CallToolResult> Close(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Commit done chunks (default true).")] bool? commit = null,
        [Description("Push the branch (never forced).")] bool? push = null,
        [Description("File carryover issues (default true).")] bool? create_issues = null,
        [Description("Report only, change nothing.")] bool? dry_run = null,
        [Description("Commit despite a failed gate (user consent only).")] bool? allow_failing_gate = null,
        [Description(PhaseTools.WaitDescription)] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        if (runs.RunningBuildOf(sessionId) is { } build)
        {
            throw new ToolRefusedException($"Cannot close session '{sessionId}': build run '{build}' is still running. " +
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
        CloseResult? closed;
        JobProgress? running = null;
        if (dry_run == true)
        {
            if (jobs.RunningFor(project, sessionId) is { } job)
            {
                throw new ToolRefusedException($"Cannot dry-run close: the {job.Phase} job of session '{sessionId}' is still running. " +
                    $"Call {job.Phase} with just session_id until it returns its result.");
            }

            closed = ToolResults.Unwrap(await service.CloseAsync(project, request, JobProgressNotifications.Stepped(progress), cancellationToken).ConfigureAwait(false));
        }
        else
        {
            // Explicit defaults are the same request as none, so "call again with just session_id" joins the running close.
            var arguments = request is { Commit: true, Push: false, CreateIssues: true, AllowFailingGate: false }
                ? null
                : $"commit={request.Commit} push={request.Push} create_issues={request.CreateIssues} allow_failing_gate={request.AllowFailingGate}";
            var lease = ToolResults.Unwrap(detached.Claim(jobs, project, new JobRecord("", sessionId, JobKind.Close, arguments) { Close = request },
                (p, ct) => service.CloseAsync(project, request, p, ct), JobProgressNotifications.Stepped(progress)));
            (closed, running) = await PhaseTools.WaitForJobAsync(jobs, lease, wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (closed is null)
        {
            return ToolResults.Structured(RunningResult(sessionId),
                $"close is still running{(running is null ? "" : $" (close {running.Step}/{running.Total}: {((CloseStep)running.Step).Describe()})")}; {PhaseTools.WhereItRuns(detached.Detaches)} Call close again with just session_id to wait for the report.");
        }

        if (closed.AwaitingPublishApproval && closed.Publish is { } preview)
        {
            return ToolResults.Structured(Shape(closed) with
            {
                Gate = JsonSerializer.SerializeToElement(GateNames.Publish, ToolJson.TypeInfo<string>()),
                Status = PhaseJobStatus.AwaitingApproval,
                Preview = PublishPreviewResult.From(preview),
            }, $"Nothing was committed or pushed: the publish gate is open. Show the user exactly this and ask them:\n{preview.Describe()}" +
                $"Then approve(gate: \"publish\", decision: \"approve\" or \"stop\") and call close again with the same arguments. " +
                "To end the session without publishing: close with commit: false, push: false.");
        }

        var summary = closed.DryRun
            ? $"Dry run of close for {closed.SessionId}: commit {closed.CommitStatus.ToSnakeCase()}, gate {closed.Gate.Status.ToSnakeCase()}, {closed.Issues.Count(i => i.Status == IssueStatus.WouldCreate)} issue(s) would be filed. Nothing was changed."
            : $"Session {closed.SessionId} closed: {closed.Metrics.ChunksDone}/{closed.Verification.Chunks.Count} chunks done, commit {closed.CommitStatus.ToSnakeCase()} ({closed.Commits.Count}), gate {closed.Gate.Status.ToSnakeCase()}, " +
              $"{closed.Issues.Count(i => i.Status == IssueStatus.Created)} issue(s) filed. Show the user the report.";
        return ToolResults.Structured(Shape(closed), summary);
    }

    private static CloseToolResult RunningResult(string sessionId) =>
        new(sessionId, false, "", null, null, [], "", null, [], [], [], JsonSerializer.SerializeToElement(new QualityGateToolResult("", "", [], []), ToolJson.TypeInfo<QualityGateToolResult>()), new CloseReviewResult("", null, []),
            [], [], [], [], [], [], JsonElement.Parse("{}"), [], PhaseJobStatus.Running);

    private static CloseToolResult Shape(CloseResult closed)
    {
        static CloseIssueResult Issue(IssueRecord i) => new(i.Kind, i.Status.ToSnakeCase(), i.Number, i.Title, i.Location, i.Labels, i.ChunkId, i.Error);
        return new CloseToolResult(
            closed.SessionId,
            closed.DryRun,
            closed.Report,
            closed.ReportPath,
            closed.HandoverPath,
            closed.Commits.Select(c => new CloseCommitResult(c.Sha, c.Subject, c.Message, c.Files, c.ChunkIds)).ToList(),
            closed.CommitStatus.ToSnakeCase(),
            closed.CommitReason,
            closed.PlannedCommits.Select(c => new CloseCommitResult(null, c.Subject, c.Message, c.Files, c.ChunkIds)).ToList(),
            closed.Issues.Where(i => i.Status is IssueStatus.Created or IssueStatus.WouldCreate).Select(Issue).ToList(),
            closed.Issues.Select(Issue).ToList(),
            JsonSerializer.SerializeToElement(new QualityGateToolResult(closed.Gate.Status.ToSnakeCase(), closed.Gate.Summary,
                closed.Gate.Checks.Select(c => new GateCheckResult(c.Kind, c.Command, c.Source, c.Status.ToSnakeCase(), c.ExitCode, c.DurationMs, c.OutputTail)).ToList(),
                closed.Gate.DebugArtefacts.Select(a => $"{a.File}:{a.Line} {a.Pattern}").ToList()), ToolJson.TypeInfo<QualityGateToolResult>()),
            new CloseReviewResult(closed.Review.Status.ToSnakeCase(), closed.Review.Reason,
                closed.Review.Findings.Select(f => $"{f.Severity.ToString().ToLowerInvariant()}: {f.Title}{(f.File is null ? "" : $" ({f.File}{(f.Line is null ? "" : $":{f.Line}")})")}").ToList()),
            closed.Verification.Chunks.Select(c => new ChunkVerdictResult(c.ChunkId, c.Status.ToSnakeCase(), c.Scope, c.Evidence, c.FilesChanged)).ToList(),
            closed.Verification.UncoveredPlanItems,
            closed.Pushes.Select(p => new ClosePushResult(p.Kind, p.Remote, p.Branch, p.Status.ToSnakeCase(), p.Message)).ToList(),
            closed.LeftUncommitted,
            closed.Snapshots.SessionRefs.Concat(closed.Snapshots.ExpiredOrphans).ToList(),
            closed.StaleWorktreesRemoved,
            JsonSerializer.SerializeToElement(closed.Metrics, CloseJson.TypeInfo<SessionMetrics>()),
            closed.Problems,
            PhaseJobStatus.Done,
            closed.Publish is null ? null : PublishPreviewResult.From(closed.Publish));
    }
}
