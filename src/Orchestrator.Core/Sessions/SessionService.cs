using Microsoft.Extensions.Logging;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Starts, resumes and finds sessions: phase 0 (detect: catch-up, resumable sessions) and 0b (isolate: branch +
/// worktree) of the source workflow. Resumable sessions are looked for before anything is created: a new branch and
/// worktree only come when none is unfinished or the caller asked for a new session anyway. Returns outcomes; the only
/// exceptions are bugs and a missing git.
/// </summary>
public sealed partial class SessionService(
    IGit git,
    SessionLockManager locks,
    TimeProvider timeProvider,
    ILogger<SessionService> logger)
{
    private readonly ProjectLocator locator = new(git);
    private readonly CatchupCollector catchups = new(git);
    private readonly WorktreeProvisioner worktrees = new(git);
    private readonly SessionStartCleanup cleanup = new(git, locks);

    public Task<Outcome<ProjectContext>> LocateAsync(string directory, CancellationToken cancellationToken) =>
        locator.LocateAsync(directory, cancellationToken);

    public async Task<Outcome<SessionStartResult>> StartAsync(SessionStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Description))
        {
            return Outcome<SessionStartResult>.Failure(ErrorCode.InvalidArgument,
                "description is empty. Describe the feature in a sentence or two (what it should do, for whom).");
        }

        if (SessionStartLimits.Problem(request) is { } tooLong)
        {
            return Outcome<SessionStartResult>.Failure(ErrorCode.InvalidArgument, tooLong);
        }

        var located = await locator.LocateAsync(request.ProjectDirectory, cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var project = located.Value;
        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!options.Succeeded)
        {
            return options.Error;
        }

        if (await git.ResolveCommitAsync(project.WorkTreeRoot, "HEAD", cancellationToken).ConfigureAwait(false) is null)
        {
            return Outcome<SessionStartResult>.Failure(ErrorCode.GitFailed,
                $"The repository at '{project.WorkTreeRoot}' has no commits yet. Make a first commit, then start the session.");
        }

        await OrchestratorDirectory.EnsureAsync(project, cancellationToken).ConfigureAwait(false);
        var store = new SessionStore(project.SessionsDirectory);
        var notes = new List<string>(await cleanup.SweepAsync(project, cancellationToken).ConfigureAwait(false));
        var resumable = await FindResumableAsync(store, cancellationToken).ConfigureAwait(false);
        if (resumable.Count > 0 && !request.New)
        {
            return Outcome<SessionStartResult>.Failure(ErrorCode.Conflict,
                $"{resumable.Count} unfinished session(s) could be resumed ({string.Join(", ", resumable.Select(r => r.SessionId))}), so nothing was created. " +
                "Resume one (session_start with resume: \"<session_id>\"), end it (session_end), or ask for a new session anyway (new: true).");
        }

        var catchup = await catchups.CollectAsync(project.WorkTreeRoot, cancellationToken).ConfigureAwait(false);
        var onDefaultBranch = catchup.CurrentBranch is null || catchup.BaseBranch is null || catchup.CurrentBranch == catchup.BaseBranch;
        var isolation = onDefaultBranch ? request.Isolation ?? SessionIsolation.Worktree : SessionIsolation.ExistingBranch;
        if (!onDefaultBranch && request.Isolation is SessionIsolation.Worktree or SessionIsolation.InPlace)
        {
            notes.Add($"Already on branch '{catchup.CurrentBranch}' (not the default branch), so the session works here; isolation \"{StateFileSerializer.IsolationName(request.Isolation.Value)}\" applies only when starting from the default branch.");
        }

        if (isolation == SessionIsolation.ExistingBranch)
        {
            var busy = resumable.FirstOrDefault(r => r.LockedByPid is not null && SamePath(r.WorkTree, project.WorkTreeRoot) && !locks.IsHeldHere(store.SessionDirectory(r.SessionId)));
            if (busy is not null)
            {
                return Outcome<SessionStartResult>.Failure(ErrorCode.SessionLocked,
                    $"Session '{busy.SessionId}' is active in '{project.WorkTreeRoot}' and held by another orchestrator process (pid {busy.LockedByPid}). " +
                    "Two sessions writing one tree would overwrite each other's files: continue that session from the client that owns it, stop that server, " +
                    "or start from the default branch to get a separate worktree.");
            }
        }

        var branchOutcome = await ChooseBranchAsync(project, request, catchup, isolation, cancellationToken).ConfigureAwait(false);
        if (!branchOutcome.Succeeded)
        {
            return branchOutcome.Error;
        }

        var branch = branchOutcome.Value;
        var now = Truncate(timeProvider.GetUtcNow());
        var sessionId = SessionIds.New(now, BranchNamer.Slug(request.BaseName ?? request.Description));
        var sessionDirectory = store.SessionDirectory(sessionId);
        var sessionLock = await locks.AcquireAsync(sessionDirectory, cancellationToken).ConfigureAwait(false);
        if (!sessionLock.Succeeded)
        {
            return sessionLock.Error;
        }

        // From here on every step is undone if a later one fails, and the intent lets the next start sweep up after a crash.
        var intent = new SessionStartIntent(branch, isolation,
            isolation == SessionIsolation.Worktree ? Path.Combine(WorktreeProvisioner.WorktreeRoot(project, options.Value), branch.Replace('/', '-')) : null,
            await git.ResolveCommitAsync(project.WorkTreeRoot, "HEAD", cancellationToken).ConfigureAwait(false));
        Outcome<SessionStartResult> started;
        try
        {
            SessionStartCleanup.WriteIntent(sessionDirectory, intent);
            started = await CreateAsync(project, request, options.Value, store, catchup, resumable, notes, isolation, branch, sessionId, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await cleanup.RollBackAsync(project, sessionDirectory, intent, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (!started.Succeeded)
        {
            await cleanup.RollBackAsync(project, sessionDirectory, intent, CancellationToken.None).ConfigureAwait(false);
            return started;
        }

        SessionStartCleanup.Complete(sessionDirectory);
        LogSessionStarted(sessionId, branch, started.Value.State.WorkTree);
        return started;
    }

    private async Task<Outcome<SessionStartResult>> CreateAsync(ProjectContext project, SessionStartRequest request, OrchestratorOptions options, SessionStore store,
        Catchup catchup, IReadOnlyList<ResumableSession> resumable, List<string> notes, SessionIsolation isolation, string branch, string sessionId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workTree = project.WorkTreeRoot;
        if (isolation == SessionIsolation.Worktree)
        {
            var created = await worktrees.CreateAsync(project, project.WorkTreeRoot, branch, options, cancellationToken).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                return created.Error;
            }

            workTree = created.Value;
        }
        else if (isolation == SessionIsolation.InPlace)
        {
            var switched = await git.RunAsync(project.WorkTreeRoot, ["switch", "-c", branch], cancellationToken).ConfigureAwait(false);
            if (!switched.Succeeded)
            {
                return Outcome<SessionStartResult>.Failure(ErrorCode.GitFailed,
                    $"git switch -c {branch} failed: {switched.Message}. Commit or stash your changes, or use isolation \"worktree\".");
            }
        }

        var startRef = await git.ResolveCommitAsync(workTree, "HEAD", cancellationToken).ConfigureAwait(false);
        var state = new SessionState
        {
            Branch = branch,
            Issues = request.Issues,
            StartedAt = now,
            Updated = now,
            Session = sessionId,
            SessionStartRef = startRef,
            Description = request.Description.Trim(),
            Isolation = isolation,
            ProjectRoot = project.MainWorkTreeRoot,
            WorkTree = workTree,
            BaseBranch = catchup.BaseBranch,
            Body = SessionBody.Initial(sessionId, request.Description),
        };

        await store.SaveAsync(state, cancellationToken).ConfigureAwait(false);
        return Outcome<SessionStartResult>.Success(new SessionStartResult(state, catchup, resumable, notes));
    }

    /// <summary>The unfinished sessions of the repository at <paramref name="directory"/>, newest first (nothing is created).</summary>
    public async Task<Outcome<IReadOnlyList<ResumableSession>>> ListResumableAsync(string directory, CancellationToken cancellationToken)
    {
        var located = await locator.LocateAsync(directory, cancellationToken).ConfigureAwait(false);
        return located.Succeeded
            ? Outcome<IReadOnlyList<ResumableSession>>.Success(await FindResumableAsync(new SessionStore(located.Value.SessionsDirectory), cancellationToken).ConfigureAwait(false))
            : located.Error;
    }

    /// <summary>
    /// Continues an unfinished session: same branch and worktree (checked out again when its folder is gone), the
    /// session's lock taken by this process, and the next step named. Nothing new is created.
    /// </summary>
    public async Task<Outcome<SessionStartResult>> ResumeAsync(string directory, string sessionId, CancellationToken cancellationToken)
    {
        var located = await locator.LocateAsync(directory, cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var project = located.Value;
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(sessionId.Trim(), cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;
        if (!SessionStatus.IsUnfinished(state.Status))
        {
            return Outcome<SessionStartResult>.Failure(ErrorCode.InvalidArgument,
                $"Session '{state.Session}' is {state.Status} and cannot be resumed. Start a new session (new: true).");
        }

        var sessionLock = await locks.AcquireAsync(store.SessionDirectory(state.Session), cancellationToken).ConfigureAwait(false);
        if (!sessionLock.Succeeded)
        {
            return sessionLock.Error;
        }

        var notes = new List<string>();
        if (state.Isolation == SessionIsolation.Worktree && !Directory.Exists(state.WorkTree))
        {
            var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
            var attached = await worktrees.AttachAsync(project, state.Branch, state.WorkTree, options.Value ?? OrchestratorOptions.Default, cancellationToken).ConfigureAwait(false);
            if (!attached.Succeeded)
            {
                return attached.Error;
            }

            notes.Add($"The session's worktree folder was gone; branch '{state.Branch}' is checked out there again.");
        }

        var catchup = await catchups.CollectAsync(state.WorkTree, cancellationToken).ConfigureAwait(false);
        var others = (await FindResumableAsync(store, cancellationToken).ConfigureAwait(false)).Where(r => r.SessionId != state.Session).ToList();
        LogSessionResumed(state.Session, state.Branch, state.WorkTree);
        return Outcome<SessionStartResult>.Success(new SessionStartResult(state, catchup, others, notes, Resumed: true, ContinueWith: SessionContinuation.NextStep(state)));
    }

    /// <summary>A session by id, or the most recently started one of the repository when <paramref name="sessionId"/> is null.</summary>
    public async Task<Outcome<SessionState>> FindAsync(ProjectContext project, string? sessionId, CancellationToken cancellationToken)
    {
        var store = new SessionStore(project.SessionsDirectory);
        if (sessionId is not null)
        {
            return await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }

        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(s => s.Succeeded) ?? all.FirstOrDefault() ?? Outcome<SessionState>.Failure(ErrorCode.UnknownSession,
            $"There is no session in '{project.MainWorkTreeRoot}' yet. Call session_start with a description of the feature.");
    }

    public LockOwner? LiveOwner(ProjectContext project, string sessionId) =>
        locks.FindLiveOwner(new SessionStore(project.SessionsDirectory).SessionDirectory(sessionId));

    private async Task<IReadOnlyList<ResumableSession>> FindResumableAsync(SessionStore store, CancellationToken cancellationToken)
    {
        var sessions = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return sessions
            .Where(s => s.Succeeded && SessionStatus.IsUnfinished(s.Value.Status))
            .Select(s => s.Value!)
            .Select(s => new ResumableSession(s.Session, s.Description, s.Phase, s.Status, s.Branch, s.WorkTree, s.StartedAt, s.Updated,
                locks.FindLiveOwner(store.SessionDirectory(s.Session))?.Pid))
            .ToList();
    }

    private async Task<Outcome<string>> ChooseBranchAsync(ProjectContext project, SessionStartRequest request, Catchup catchup, SessionIsolation isolation, CancellationToken cancellationToken)
    {
        if (isolation == SessionIsolation.ExistingBranch)
        {
            return Outcome<string>.Success(catchup.CurrentBranch!);
        }

        if (request.BaseName is { } baseName && (baseName.StartsWith('-') || !BranchNamer.HasSlugWords(baseName)))
        {
            return Outcome<string>.Failure(ErrorCode.InvalidBranchName, $"base_name '{baseName}' cannot start a branch name. Use a few plain words, e.g. \"oauth login\".");
        }

        var candidate = BranchNamer.BranchName(request.Description, request.Issues, request.BaseName);
        if (!await git.IsValidBranchNameAsync(project.WorkTreeRoot, candidate, cancellationToken).ConfigureAwait(false))
        {
            return Outcome<string>.Failure(ErrorCode.InvalidBranchName,
                $"'{candidate}' is not a valid git branch name (git check-ref-format refused it). Pass base_name with a few plain words, e.g. \"oauth login\".");
        }

        // An earlier session may have used the same words; never reuse its branch.
        var branch = candidate;
        for (var n = 2; await git.BranchExistsAsync(project.WorkTreeRoot, branch, cancellationToken).ConfigureAwait(false); n++)
        {
            branch = $"{candidate}-{n}";
        }

        return Outcome<string>.Success(branch);
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), time.Offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} resumed on branch {Branch} in {WorkTree}")]
    private partial void LogSessionResumed(string sessionId, string branch, string workTree);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} started on branch {Branch} in {WorkTree}")]
    private partial void LogSessionStarted(string sessionId, string branch, string workTree);
}
