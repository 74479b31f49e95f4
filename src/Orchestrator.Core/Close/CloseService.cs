using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Records;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Close;

/// <summary>
/// The session end (the source's <c>/close</c>), deterministic except for the diff reviewer: plan verification,
/// diff review, quality gate, carryover issues, file-by-file commits, push and mirror, snapshot clean-up, metrics and
/// learnings, STATE.md, handover and report. Expected failures along the way (tracker down, push rejected) are
/// reported and close goes on; only an unusable session or a held lock stops it.
/// </summary>
public sealed partial class CloseService(
    IGit git,
    IProcessRunner processRunner,
    SessionLockManager locks,
    IssueTrackerFactory trackers,
    TimeProvider timeProvider,
    ILogger<CloseService> logger,
    IBuildRunEnvironmentFactory? reviewerFactory = null)
{
    public const string ReportFileName = "close-report.md";
    public const string HandoverFileName = "handover.md";
    public const string WaveScopeFileName = "wave-scope.json";

    /// <summary>The quality gate (its timeout can be set by the host).</summary>
    public QualityGateRunner Gate { get; init; } = new(processRunner);

    public Task<Outcome<CloseResult>> CloseAsync(ProjectContext project, CloseRequest request, CancellationToken cancellationToken) =>
        CloseAsync(project, request, null, cancellationToken);

    /// <summary>Closes the session; <paramref name="progress"/> hears each step as it starts.</summary>
    public async Task<Outcome<CloseResult>> CloseAsync(ProjectContext project, CloseRequest request, IProgress<CloseProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        var loadedOptions = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!loadedOptions.Succeeded)
        {
            return loadedOptions.Error;
        }

        var options = loadedOptions.Value;
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;
        var sessionDirectory = store.SessionDirectory(state.Session);
        if (!request.DryRun)
        {
            var held = await locks.AcquireAsync(sessionDirectory, cancellationToken).ConfigureAwait(false);
            if (!held.Succeeded)
            {
                return held.Error;
            }
        }

        try
        {
            return Outcome<CloseResult>.Success(await RunAsync(project, request, options, store, state, progress, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            if (!request.DryRun)
            {
                // The session is over: its lock goes with it.
                await locks.ReleaseAsync(sessionDirectory).ConfigureAwait(false);
            }
        }
    }

    private async Task<CloseResult> RunAsync(ProjectContext project, CloseRequest request, OrchestratorOptions options, SessionStore store, SessionState state,
        IProgress<CloseProgress>? progress, CancellationToken cancellationToken)
    {
        var dry = request.DryRun;
        var problems = new List<string>();
        var workTree = state.WorkTree;
        var sessionDirectory = store.SessionDirectory(state.Session);

        progress?.Report(new CloseProgress(1, "verifying the plan against the runs"));
        // 1. Plan verification.
        var chunksJson = await store.ReadDocumentAsync(state.Session, "chunks.json", cancellationToken).ConfigureAwait(false);
        var planMarkdown = await store.ReadDocumentAsync(state.Session, "plan.md", cancellationToken).ConfigureAwait(false);
        var sessionChunks = SessionChunksReader.Read(chunksJson, Directory.Exists(workTree) ? workTree : null, out var chunksProblem);
        if (chunksProblem is not null)
        {
            problems.Add(chunksProblem);
        }

        var runs = RunEvidenceReader.Read(RunIds.RunsDirectory(project), state.Runs);
        var verification = PlanVerifier.Verify(sessionChunks, runs, planMarkdown);
        problems.AddRange(verification.Problems);

        // 2. What git sees in the session tree; which of it is the session's finished work.
        var treeExists = Directory.Exists(workTree);
        GitStatus status = new([], [], []);
        string? branch = null;
        if (treeExists)
        {
            status = await git.GetStatusAsync(workTree, cancellationToken).ConfigureAwait(false);
            branch = await git.GetCurrentBranchAsync(workTree, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            problems.Add($"The session tree {workTree} does not exist any more: nothing can be reviewed, checked or committed.");
        }

        var changed = status.Staged.Concat(status.Unstaged).Concat(status.Untracked).Distinct(StringComparer.Ordinal).ToList();
        var provisional = CommitPlanner.Plan(state, verification, changed, []);
        var sessionFiles = provisional.SelectMany(g => g.Files).ToList();
        var leftUncommitted = changed.Except(sessionFiles, StringComparer.Ordinal).ToList();

        progress?.Report(new CloseProgress(2, "reviewing the session diff"));
        // 3. Diff review (informational), then 4. the quality gate.
        var diff = sessionFiles.Count > 0 && treeExists ? await SessionDiffAsync(workTree, sessionFiles, status.Untracked, cancellationToken).ConfigureAwait(false) : "";
        var review = await ReviewAsync(project, options, state, sessionDirectory, dry, diff, cancellationToken).ConfigureAwait(false);
        var commands = ProjectCommandDetector.Resolve(options.Commands, treeExists ? workTree : project.MainWorkTreeRoot);
        progress?.Report(new CloseProgress(3, "running the quality gate"));
        QualityGateResult gate;
        if (dry || !treeExists)
        {
            gate = new QualityGateResult("not_run", commands.All.Select(c => new GateCheck(c.Kind, c.Command, c.Source, "not_run", null, 0, "")).ToList(), [],
                dry ? $"dry run: would run {(commands.All.Count == 0 ? "no command (none configured or detected)" : string.Join(", ", commands.All.Select(c => $"`{c.Command}`")))} and scan {sessionFiles.Count} file(s) for debug artefacts"
                    : "not run: the session tree is missing");
        }
        else
        {
            gate = await Gate.RunAsync(workTree, commands, DebugArtefactScanner.AddedLines(diff), cancellationToken).ConfigureAwait(false);
            LogGate(state.Session, gate.Status, gate.Summary);
        }

        progress?.Report(new CloseProgress(4, "filing issues"));
        // 5. Issues: carryover for every unfinished chunk and for concerns left on done ones, priority:high for a failed gate and for reviewer blockers.
        var drafts = verification.Chunks.Where(c => !c.IsDone).Select(c => ("carryover", (string?)c.ChunkId, CarryoverIssues.ForChunk(state, c))).ToList();
        // Concerns left on done chunks, plus what the user deferred at the concerns gate (STATE.md deferred-concerns).
        var deferred = state.DeferredConcerns.Select(d => new ReviewFinding(d.ChunkId,
            string.Equals(d.Severity, "blocker", StringComparison.OrdinalIgnoreCase) ? FindingSeverity.Blocker : FindingSeverity.Concern, d.Title, d.Detail, d.File, d.Line)).ToList();
        foreach (var chunk in verification.Chunks.Where(c => c.IsDone))
        {
            var open = chunk.OpenFindings
                .Concat(deferred.Where(d => d.ChunkId == chunk.ChunkId && !chunk.OpenFindings.Any(f => string.Equals(f.Title, d.Title, StringComparison.OrdinalIgnoreCase))))
                .ToList();
            if (open.Count > 0)
            {
                drafts.Add(("concerns", chunk.ChunkId, CarryoverIssues.ForConcerns(state, chunk with { OpenFindings = open })));
            }
        }

        var unplaced = deferred.Where(d => !verification.Chunks.Any(c => c.ChunkId == d.ChunkId)).ToList();
        if (unplaced.Count > 0)
        {
            problems.Add($"{unplaced.Count} deferred finding(s) name no chunk of this session ({string.Join(", ", unplaced.Select(d => d.ChunkId).Distinct())}); they are listed in the report only.");
        }

        if (gate.Status == "failed")
        {
            drafts.Add(("quality_gate", null, CarryoverIssues.ForFailedGate(state, gate, request.AllowFailingGate && request.Commit)));
        }

        drafts.AddRange(review.Findings.Where(f => f.Severity == FindingSeverity.Blocker)
            .Select(f => ("discovery", (string?)null, CarryoverIssues.ForReviewFinding(state, f))));
        var issues = await FileIssuesAsync(project, options, drafts, request, problems, cancellationToken).ConfigureAwait(false);

        progress?.Report(new CloseProgress(5, "committing"));
        // 6. Commits.
        var carryoverRefs = issues.Where(i => i.Kind is "carryover" or "concerns").Select(i => i.Reference).OfType<string>().ToList();
        var planned = CommitPlanner.Plan(state, verification, changed, carryoverRefs);
        var (commitStatus, commitReason, commits) = await CommitAsync(project, options, request, state, branch, gate, planned, treeExists, cancellationToken).ConfigureAwait(false);
        if (commitStatus == "failed" && commitReason is not null)
        {
            problems.Add(commitReason);
        }

        progress?.Report(new CloseProgress(6, "pushing"));
        // 7. Push and mirror.
        var pushes = new List<PushRecord>();
        if (request.Push && branch is not null)
        {
            if (dry)
            {
                pushes.Add(new PushRecord(options.Close.PushRemote, branch, "push", "would_push", "dry run"));
                if (options.Close.MirrorRemote.Length > 0)
                {
                    pushes.Add(new PushRecord(options.Close.MirrorRemote, branch, "mirror", "would_push", "dry run (when the remote exists)"));
                }
            }
            else if (commitStatus is "blocked" or "failed")
            {
                pushes.Add(new PushRecord(options.Close.PushRemote, branch, "push", "skipped", $"not pushed: commit {commitStatus}"));
            }
            else
            {
                var publisher = new RemotePublisher(git);
                var pushed = await publisher.PushAsync(workTree, options.Close.PushRemote, branch, "push", cancellationToken).ConfigureAwait(false);
                pushes.Add(pushed);
                if (options.Close.MirrorRemote.Length > 0 && options.Close.MirrorRemote != options.Close.PushRemote)
                {
                    pushes.Add(await publisher.PushAsync(workTree, options.Close.MirrorRemote, branch, "mirror", cancellationToken).ConfigureAwait(false));
                }

                problems.AddRange(pushes.Where(p => p.Status == "failed").Select(p => p.Message));
            }
        }

        progress?.Report(new CloseProgress(7, "cleaning up snapshot refs and stale worktrees"));
        // 8. Snapshot refs and stale files.
        var snapshots = await new SnapshotRefCleaner(git, timeProvider)
            .CleanAsync(project.MainWorkTreeRoot, state.Session, TimeSpan.FromDays(Math.Max(1, options.Close.SnapshotMaxAgeDays)), dry, cancellationToken).ConfigureAwait(false);
        problems.AddRange(snapshots.Problems);
        IReadOnlyList<string> staleWorktrees = [];
        if (!dry)
        {
            // Chunk worktrees left by a crashed process; when every run of the session has finished, none can be live.
            var allRunsFinished = runs.All(r => r.Result is not null);
            staleWorktrees = await new ChunkWorktreeJanitor(git)
                .RemoveStaleAsync(project.MainWorkTreeRoot, options, state.Session, includeLiveRuns: allRunsFinished, cancellationToken).ConfigureAwait(false);
        }

        var waveScope = Path.Combine(sessionDirectory, WaveScopeFileName);
        if (!dry && File.Exists(waveScope))
        {
            File.Delete(waveScope);
        }

        progress?.Report(new CloseProgress(8, "writing metrics, learnings, handover and report"));
        // 9. Metrics and learnings.
        var now = timeProvider.GetUtcNow();
        var metrics = Metrics(state, verification, runs, gate, issues, commits, pushes, now);
        LearningsUpdate? learnings = null;
        var metricsDirectory = Path.Combine(project.OrchestratorDirectory, "metrics");
        if (!dry)
        {
            Directory.CreateDirectory(metricsDirectory);
            await File.AppendAllTextAsync(Path.Combine(metricsDirectory, "sessions.jsonl"), JsonSerializer.Serialize(metrics, CloseJson.TypeInfo<SessionMetrics>()) + "\n", cancellationToken).ConfigureAwait(false);
            var learningsPath = Path.Combine(metricsDirectory, "learnings.jsonl");
            learnings = Learnings.Apply(Learnings.Read(learningsPath), Learnings.Observe(verification, gate), state.Session, now);
            Learnings.Write(learningsPath, learnings.Entries);
        }

        var result = new CloseResult
        {
            SessionId = state.Session,
            DryRun = dry,
            Branch = branch ?? state.Branch,
            WorkTree = workTree,
            Verification = verification,
            Review = review,
            Gate = gate,
            Issues = issues,
            PlannedCommits = planned,
            Commits = commits,
            CommitStatus = commitStatus,
            CommitReason = commitReason,
            Pushes = pushes,
            LeftUncommitted = commitStatus == "committed" ? leftUncommitted : changed,
            Snapshots = snapshots,
            StaleWorktreesRemoved = staleWorktrees,
            Metrics = metrics,
            Learnings = learnings,
            Problems = problems,
        };

        // 10. Records: report, handover, STATE.md.
        var report = CloseReport.Build(result, state.Description);
        if (dry)
        {
            return result with { Report = report };
        }

        var reportPath = Path.Combine(sessionDirectory, ReportFileName);
        var handoverPath = Path.Combine(sessionDirectory, HandoverFileName);
        await AtomicFile.WriteAllTextAsync(reportPath, report, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAllTextAsync(handoverPath, CloseReport.Handover(result, state.Description), cancellationToken).ConfigureAwait(false);
        var closedLine = $"- {now:u} closed: {metrics.ChunksDone}/{verification.Chunks.Count} chunks done, {commits.Count} commit(s), gate {gate.Status}, " +
            $"{issues.Count(i => i.Status == "created")} issue(s) filed. Report: {ReportFileName}, handover: {HandoverFileName}.";
        await store.SaveAsync(state with
        {
            Status = SessionStatus.Completed,
            Phase = SessionPhase.Closed,
            Updated = now,
            Body = state.Body.TrimEnd() + (state.Body.Contains("\n## Close\n", StringComparison.Ordinal) ? "\n" : "\n\n## Close\n") + closedLine + "\n",
        }, cancellationToken).ConfigureAwait(false);
        LogClosed(state.Session, commitStatus, commits.Count, issues.Count(i => i.Status == "created"));
        return result with { Report = report, ReportPath = reportPath, HandoverPath = handoverPath };
    }

    private async Task<DiffReviewResult> ReviewAsync(ProjectContext project, OrchestratorOptions options, SessionState state, string sessionDirectory, bool dry, string diff, CancellationToken cancellationToken)
    {
        var reviewRunner = options.Close.ReviewRunner ?? options.DefaultRunner;
        if (!options.Close.ReviewDiff)
        {
            return DiffReviewResult.Skipped("close.review_diff is false in .orchestrator/config.yaml");
        }

        if (diff.Length == 0)
        {
            return DiffReviewResult.Skipped("no session changes to review");
        }

        if (dry)
        {
            return DiffReviewResult.Skipped($"dry run: a {reviewRunner} reviewer would read the diff");
        }

        if (reviewerFactory is null)
        {
            return DiffReviewResult.Skipped("no agent runner is available to this server");
        }

        var setup = new BuildRunSetup(state.Session, $"close-{state.Session}", sessionDirectory, project.MainWorkTreeRoot, state.WorkTree,
            reviewRunner, BuildIsolation.Shared, false, options);
        var environment = await reviewerFactory.CreateAsync(setup, cancellationToken).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            return DiffReviewResult.Skipped($"reviewer runner \"{reviewRunner}\" unavailable: {environment.Error.Message}");
        }

        return await new SessionDiffReviewer(environment.Value.Runner)
            .ReviewAsync(state.WorkTree, state.Description, diff, Path.Combine(sessionDirectory, "close-review.log"), $"close-{state.Session}", cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<IssueRecord>> FileIssuesAsync(ProjectContext project, OrchestratorOptions options,
        IReadOnlyList<(string Kind, string? ChunkId, IssueDraft Draft)> drafts, CloseRequest request, List<string> problems, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0)
        {
            return [];
        }

        IssueRecord Record((string Kind, string? ChunkId, IssueDraft Draft) d, string status, TrackedIssue? issue = null, string? error = null) =>
            new(d.Kind, d.Draft.Title, status, issue?.Number, issue?.Location, d.Draft.Labels, d.Draft.Marker, d.ChunkId, error);

        if (!request.CreateIssues)
        {
            return drafts.Select(d => Record(d, "skipped")).ToList();
        }

        // Without tracker.repository, a GitHub/Gitea tracker files to the repository origin points at.
        string? originUrl = null;
        if (string.IsNullOrWhiteSpace(options.Tracker.Repository) && !string.Equals(options.Tracker.Kind ?? TrackerKinds.Local, TrackerKinds.Local, StringComparison.OrdinalIgnoreCase))
        {
            var origin = await git.RunAsync(project.MainWorkTreeRoot, ["remote", "get-url", "origin"], cancellationToken).ConfigureAwait(false);
            originUrl = origin.Succeeded ? origin.StandardOutput.Trim() : null;
        }

        var tracker = trackers.Create(options.Tracker, project.OrchestratorDirectory, originUrl);
        if (!tracker.Succeeded)
        {
            problems.Add($"Issues not filed: {tracker.Error.Message}");
            return drafts.Select(d => Record(d, "failed", error: tracker.Error.Message)).ToList();
        }

        var records = new List<IssueRecord>();
        string? trackerDown = null;
        foreach (var draft in drafts)
        {
            if (trackerDown is not null)
            {
                // One outage is reported once; the rest are not attempted against a tracker that just failed.
                records.Add(Record(draft, "failed", error: trackerDown));
                continue;
            }

            var existing = await Guarded(() => tracker.Value.FindOpenByMarkerAsync(draft.Draft.Marker, cancellationToken)).ConfigureAwait(false);
            if (!existing.Succeeded)
            {
                trackerDown = existing.Error.Message;
                records.Add(Record(draft, "failed", error: trackerDown));
                continue;
            }

            if (existing.Value is { } found)
            {
                records.Add(Record(draft, "exists", found));
                continue;
            }

            if (request.DryRun)
            {
                records.Add(Record(draft, "would_create"));
                continue;
            }

            var created = await Guarded(() => tracker.Value.CreateAsync(draft.Draft, cancellationToken)).ConfigureAwait(false);
            if (created.Succeeded)
            {
                LogIssueFiled(tracker.Value.Kind, created.Value.Number, draft.Draft.Title);
                records.Add(Record(draft, "created", created.Value));
            }
            else
            {
                trackerDown = created.Error.Message;
                records.Add(Record(draft, "failed", error: trackerDown));
            }
        }

        if (trackerDown is not null)
        {
            LogTrackerFailed(tracker.Value.Kind, trackerDown);
            problems.Add($"{records.Count(r => r.Status == "failed")} issue(s) not filed in the {tracker.Value.Kind} tracker: {trackerDown}");
        }

        return records;
    }

    /// <summary>A tracker that answers in an unexpected shape is a failure to report, not a crash of close.</summary>
    private static async Task<Outcome<T>> Guarded<T>(Func<Task<Outcome<T>>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or HttpRequestException or IOException)
        {
            return Outcome<T>.Failure(ErrorCode.TrackerFailed, $"the tracker's answer could not be used ({ex.GetType().Name}: {ex.Message}). Check tracker.api_url and tracker.kind.");
        }
    }

    private async Task<(string Status, string? Reason, IReadOnlyList<CommitRecord> Commits)> CommitAsync(ProjectContext project, OrchestratorOptions options, CloseRequest request,
        SessionState state, string? branch, QualityGateResult gate, IReadOnlyList<CommitGroup> planned, bool treeExists, CancellationToken cancellationToken)
    {
        if (!request.Commit)
        {
            return ("skipped", "commit is false", []);
        }

        if (!treeExists)
        {
            return ("skipped", "the session tree is missing", []);
        }

        if (planned.Count == 0)
        {
            return ("nothing_to_commit", "no done chunk has uncommitted changes in the session tree", []);
        }

        if (branch is null)
        {
            return ("skipped", "the session tree is on a detached HEAD; check out the session branch and run close again", []);
        }

        var defaultBranch = await git.GetDefaultBranchAsync(project.MainWorkTreeRoot, cancellationToken).ConfigureAwait(false);
        if (branch == defaultBranch && !options.Close.AllowDefaultBranchCommit)
        {
            return ("skipped", $"the session tree is on the default branch '{branch}'; close does not commit there unless close.allow_default_branch_commit is true in .orchestrator/config.yaml", []);
        }

        if (gate.Status == "failed" && !request.AllowFailingGate)
        {
            return ("blocked", $"the quality gate failed ({gate.Summary}); fix it and run close again, or pass allow_failing_gate: true to commit anyway", []);
        }

        if (request.DryRun)
        {
            return ("would_commit", null, []);
        }

        var made = await new SessionCommitter(git).CommitAsync(state.WorkTree, planned, cancellationToken).ConfigureAwait(false);
        return made.Succeeded ? ("committed", null, made.Value) : ("failed", made.Error.Message, []);
    }

    private async Task<string> SessionDiffAsync(string workTree, IReadOnlyList<string> files, IReadOnlyList<string> untracked, CancellationToken cancellationToken)
    {
        var untrackedSet = untracked.ToHashSet(StringComparer.Ordinal);
        var tracked = files.Where(f => !untrackedSet.Contains(f)).ToList();
        var diff = new StringBuilder();
        if (tracked.Count > 0)
        {
            var result = await git.RunAsync(workTree, ["--literal-pathspecs", "diff", "--no-color", "--no-ext-diff", "-U0", "HEAD", "--", .. tracked], cancellationToken).ConfigureAwait(false);
            diff.Append(result.StandardOutput);
        }

        foreach (var file in files.Where(untrackedSet.Contains))
        {
            var path = Path.Combine(workTree, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 1_000_000)
            {
                continue;
            }

            var lines = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Split('\n');
            diff.Append("diff --git a/").Append(file).Append(" b/").Append(file).Append("\nnew file\n--- /dev/null\n+++ b/").Append(file)
                .Append("\n@@ -0,0 +1,").Append(lines.Length).Append(" @@\n");
            foreach (var line in lines)
            {
                diff.Append('+').Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        return diff.ToString();
    }

    private static SessionMetrics Metrics(SessionState state, PlanVerification verification, IReadOnlyList<RunEvidence> runs, QualityGateResult gate,
        IReadOnlyList<IssueRecord> issues, IReadOnlyList<CommitRecord> commits, IReadOnlyList<PushRecord> pushes, DateTimeOffset now)
    {
        var attempts = runs.SelectMany(r => (IEnumerable<AttemptRecord>?)r.Result?.Attempts ?? r.Snapshot?.Attempts ?? []).ToList();
        var tiers = attempts.GroupBy(a => ModelTiers.ToName(a.Tier)).ToDictionary(g => g.Key, g => new TierUsage(
            g.Count(), g.Sum(a => a.CostUsd), g.Sum(a => a.Tokens.InputTokens), g.Sum(a => a.Tokens.OutputTokens),
            g.Sum(a => a.Tokens.CacheReadTokens), g.Sum(a => a.Tokens.CacheWriteTokens)));
        var total = verification.Chunks.Count;
        var done = verification.Count(ChunkVerdictStatus.Done);
        var allDone = total > 0 && done == total;
        var testCheck = gate.Checks.FirstOrDefault(c => c.Kind == "test");
        return new SessionMetrics
        {
            SessionId = state.Session,
            SessionType = state.SessionType,
            Branch = state.Branch,
            StartedAt = state.StartedAt,
            EndedAt = now,
            DurationSeconds = Math.Round(Math.Max(0, (now - state.StartedAt).TotalSeconds), 1),
            TotalWaves = verification.Chunks.Select(c => c.Wave).DefaultIfEmpty(0).Max(),
            Runs = runs.Count,
            AgentsDispatched = attempts.Count,
            ChunksDone = done,
            ChunksPartial = verification.Count(ChunkVerdictStatus.Partial),
            ChunksFailed = verification.Count(ChunkVerdictStatus.Failed),
            ChunksNotStarted = verification.Count(ChunkVerdictStatus.NotStarted),
            FilesChanged = verification.Chunks.SelectMany(c => c.FilesChanged).Distinct(StringComparer.Ordinal).Count(),
            IssuesClosed = allDone && commits.Count > 0 ? CarryoverIssues.IssueNumbers(state).Count : 0,
            IssuesCreated = issues.Count(i => i.Status == "created"),
            Tests = testCheck?.Status ?? "not_run",
            Gate = gate.Status,
            Commits = commits.Count,
            Mirror = pushes.FirstOrDefault(p => p.Kind == "mirror")?.Status ?? "skipped",
            CompletionRate = verification.CompletionRate,
            CarryoverRatio = total == 0 ? 0 : Math.Round((double)(total - done) / total, 3),
            ScopeViolations = runs.Sum(r => (r.Result?.ScopeViolations ?? r.Snapshot?.ScopeViolations)?.Count ?? 0),
            CostUsd = attempts.Sum(a => a.CostUsd),
            TotalTokens = attempts.Sum(a => a.Tokens.Total),
            Tiers = tiers,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Close of {SessionId}: quality gate {Status} ({Summary})")]
    private partial void LogGate(string sessionId, string status, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Filed issue #{Number} in the {Tracker} tracker: {Title}")]
    private partial void LogIssueFiled(string tracker, int number, string title);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Tracker} tracker failed; close goes on without filing: {Reason}")]
    private partial void LogTrackerFailed(string tracker, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} closed: commit {CommitStatus}, {Commits} commit(s), {Issues} issue(s) filed")]
    private partial void LogClosed(string sessionId, string commitStatus, int commits, int issues);
}
