using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Discovery;
using Orchestrator.Core.Close.Drift;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Publishing;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Records;
using Orchestrator.Core.Close.Safety;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Close;

/// <summary>
/// The session end (the source's <c>/close</c>), deterministic except for the diff reviewer, as the named
/// <see cref="CloseStep"/>s: plan verification, diff review, quality gate, carryover issues, file-by-file commits,
/// push and mirror, clean-up, then metrics, learnings, report, handover and STATE.md. Expected failures along the way
/// (tracker down, push rejected) are reported and close goes on; only an unusable session or a held lock stops it.
/// </summary>
public sealed partial class CloseService(
    IGit git,
    IProcessRunner processRunner,
    SessionLockManager locks,
    IssueTrackerFactory trackers,
    TimeProvider timeProvider,
    ILogger<CloseService> logger,
    IAgentRunnerFactory? reviewers = null)
{
    public const string ReportFileName = CloseRecordWriter.ReportFileName;
    public const string HandoverFileName = CloseRecordWriter.HandoverFileName;
    public const string WaveScopeFileName = SessionCleaner.WaveScopeFileName;

    private readonly SessionChangesReader changesReader = new(git);
    private readonly SessionDiffBuilder diffBuilder = new(git);
    private readonly DiffReviewLauncher diffReview = new(reviewers);
    private readonly SessionQualityGate qualityGate = new(processRunner);
    private readonly CarryoverIssueFiler issueFiler = new(git, trackers, logger);
    private readonly CloseCommitter committer = new(git);
    private readonly SessionPublisher publisher = new(git);
    private readonly SessionCleaner cleaner = new(git, timeProvider);
    private readonly PublishPreviewBuilder previews = new(git);
    private readonly DocDriftChecker driftChecker = new(git);

    public Task<Outcome<CloseResult>> CloseAsync(ProjectContext project, CloseRequest request, CancellationToken cancellationToken) =>
        CloseAsync(project, request, null, cancellationToken);

    /// <summary>Closes the session; <paramref name="progress"/> hears each <see cref="CloseStep"/> as it starts.</summary>
    public async Task<Outcome<CloseResult>> CloseAsync(ProjectContext project, CloseRequest request, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        var loadedOptions = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!loadedOptions.Succeeded)
        {
            return loadedOptions.Error;
        }

        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var sessionDirectory = store.SessionDirectory(loaded.Value.Session);
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
            return Outcome<CloseResult>.Success(await RunAsync(project, request, loadedOptions.Value, store, loaded.Value, progress, cancellationToken).ConfigureAwait(false));
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
        IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        var dry = request.DryRun;
        var problems = new List<string>();
        var sessionDirectory = store.SessionDirectory(state.Session);

        Begin(CloseStep.VerifyPlan, state, progress);
        var verified = await SessionPlanVerifier.VerifyAsync(project, store, state, problems, cancellationToken).ConfigureAwait(false);
        var changes = await changesReader.ReadAsync(state, verified.Plan, problems, cancellationToken).ConfigureAwait(false);
        var (preview, awaiting) = await CheckPublishGateAsync(options, request, store, state, verified, changes, cancellationToken).ConfigureAwait(false);
        if (awaiting)
        {
            // Not approved for what it would publish: the rest runs as a dry run, so nothing changes until the user decides.
            request = request with { DryRun = true };
            dry = true;
        }

        Begin(CloseStep.ReviewDiff, state, progress);
        var diff = await diffBuilder.BuildAsync(changes, cancellationToken).ConfigureAwait(false);
        var review = await diffReview.ReviewAsync(project, options, state, sessionDirectory, dry, diff, cancellationToken).ConfigureAwait(false);

        Begin(CloseStep.RunQualityGate, state, progress);
        var gate = await qualityGate.RunAsync(project, options, changes, diff, dry, cancellationToken).ConfigureAwait(false);
        if (!dry && changes.TreeExists)
        {
            LogGate(state.Session, gate.Status.ToSnakeCase(), gate.Summary);
        }

        var discoveries = DiscoveryScanner.Scan(diff, changes.WorkTree, changes.TreeExists ? changes.SessionFiles : []);
        var drift = await driftChecker.CheckAsync(state.WorkTree, state.SessionStartRef, cancellationToken).ConfigureAwait(false);

        Begin(CloseStep.FileIssues, state, progress);
        var drafts = IssueDraftCollector.Collect(state, verified.Plan, gate, review, request, problems, discoveries);
        // Waiting for the publish gate: the tracker is not asked yet (the approved close files them).
        var issues = awaiting
            ? drafts.Select(d => d.Record(request.CreateIssues ? IssueStatus.WouldCreate : IssueStatus.Skipped)).ToList()
            : await issueFiler.FileAsync(project, options, drafts, request, problems, cancellationToken).ConfigureAwait(false);

        Begin(CloseStep.Commit, state, progress);
        var (planned, commit) = await committer.CommitAsync(project, options, request, state, verified.Plan, changes, gate, issues, awaiting ? null : preview, cancellationToken).ConfigureAwait(false);
        if (commit is { Status: CommitStatus.Failed, Reason: { } commitFailure })
        {
            problems.Add(commitFailure);
        }

        Begin(CloseStep.Publish, state, progress);
        var pushes = await publisher.PublishAsync(options.Close, request, state.WorkTree, changes.Branch, commit.Status, problems, cancellationToken).ConfigureAwait(false);

        Begin(CloseStep.CleanUp, state, progress);
        var cleanup = await cleaner.CleanAsync(project, options, state, sessionDirectory, verified.Runs, dry, problems, cancellationToken).ConfigureAwait(false);

        Begin(CloseStep.WriteRecords, state, progress);
        var now = timeProvider.GetUtcNow();
        var metrics = SessionMetricsBuilder.Build(state, verified, gate, issues, commit.Commits, pushes, now);
        var learnings = dry ? null : await CloseRecordWriter.AppendMetricsAsync(project, metrics, verified.Plan, gate, now, cancellationToken).ConfigureAwait(false);
        var result = new CloseResult
        {
            SessionId = state.Session,
            DryRun = dry,
            Branch = changes.Branch ?? state.Branch,
            WorkTree = state.WorkTree,
            Verification = verified.Plan,
            Review = review,
            Gate = gate,
            Issues = issues,
            PlannedCommits = planned,
            Commits = commit.Commits,
            CommitStatus = awaiting ? CommitStatus.AwaitingApproval : commit.Status,
            Publish = preview,
            AwaitingPublishApproval = awaiting,
            PublishDecidedBy = preview is not null && !awaiting ? state.Gates.Publish.DecidedBy : null,
            CommitReason = commit.Reason,
            Pushes = pushes,
            LeftUncommitted = commit.Status == CommitStatus.Committed ? changes.LeftUncommitted : changes.Changed,
            Snapshots = cleanup.Snapshots,
            StaleWorktreesRemoved = cleanup.StaleWorktreesRemoved,
            Metrics = metrics,
            Learnings = learnings,
            Problems = problems,
            Safety = SafetyReviewBuilder.Build(state, verified, Path.Combine(project.OrchestratorDirectory, "runs")),
            Discoveries = discoveries,
            Drift = drift,
            Nits = verified.Runs.SelectMany(r => r.Result?.Nits ?? []).DistinctBy(n => (n.ChunkId, n.Title)).ToList(),
        };
        result = result with { Handoff = CloseHandoffBuilder.Build(state, result) };
        var written = await CloseRecordWriter.WriteAsync(store, state, result, now, cancellationToken).ConfigureAwait(false);
        if (!dry)
        {
            LogClosed(state.Session, commit.Status.ToSnakeCase(), commit.Commits.Count, issues.Count(i => i.Status == IssueStatus.Created));
        }

        return written;
    }

    /// <summary>
    /// When close would commit or push: the preview of it, and whether the publish gate still has to approve it (then
    /// the gate is opened for this preview and the preview is kept beside STATE.md for the approve form and the dashboard).
    /// </summary>
    private async Task<(PublishPreview? Preview, bool Awaiting)> CheckPublishGateAsync(OrchestratorOptions options, CloseRequest request, SessionStore store,
        SessionState state, VerifiedSession verified, SessionChanges changes, CancellationToken cancellationToken)
    {
        if (!PublishGate.IsNeeded(request) || !changes.TreeExists || changes.Branch is not { } branch)
        {
            return (null, false);
        }

        var planned = CommitPlanner.Plan(state, verified.Plan, changes.Changed, []);
        var preview = await previews.BuildAsync(options.Close, request, state.WorkTree, branch, planned, cancellationToken).ConfigureAwait(false);
        if (preview.IsEmpty || PublishGate.Approves(state, preview))
        {
            return (preview, false);
        }

        await store.WriteDocumentAsync(state.Session, PublishPreview.FileName, preview.Serialize(), cancellationToken).ConfigureAwait(false);
        var opened = PublishGate.Open(state, preview);
        if (!ReferenceEquals(opened, state))
        {
            await store.SaveAsync(opened with { Updated = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        }

        LogAwaitingPublish(state.Session, preview.Commits.Count, preview.Remotes.Count);
        return (preview, true);
    }

    private void Begin(CloseStep step, SessionState state, IProgress<JobProgress>? progress)
    {
        LogStep(state.Session, (int)step, CloseSteps.Total, step, step.Describe());
        progress?.Report(step.ToProgress());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Close of {SessionId}: step {Step}/{Total} {CloseStep}, {Description}")]
    private partial void LogStep(string sessionId, int step, int total, CloseStep closeStep, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Close of {SessionId}: quality gate {Status} ({Summary})")]
    private partial void LogGate(string sessionId, string status, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Close of {SessionId}: the publish gate is open for {Commits} commit(s) and {Remotes} remote(s)")]
    private partial void LogAwaitingPublish(string sessionId, int commits, int remotes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} closed: commit {CommitStatus}, {Commits} commit(s), {Issues} issue(s) filed")]
    private partial void LogClosed(string sessionId, string commitStatus, int commits, int issues);
}
