using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.SessionEnd;

/// <summary>
/// Ends a session so that nothing of it is left behind: its chunk worktrees and snapshot refs go, the worktree the
/// server created for it goes (after checking it for uncommitted work, which is never discarded without
/// <c>force</c>), STATE.md is marked (finished: completed/closed; abandoned: abandoned, phase kept), and its lock is
/// released. The user's own tree (in_place, an existing branch) and a branch holding commits are kept.
/// </summary>
public sealed partial class SessionEndService(IGit git, SessionWriter writer, SessionLockManager locks, BuildRunRegistry runs, ILogger<SessionEndService> logger)
{
    private const int MaxListedFiles = 20;

    public async Task<Outcome<SessionEndResult>> EndAsync(ProjectContext project, string sessionId, SessionOutcome outcome, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;
        if (runs.RunningFor(state.Session) is { } running)
        {
            return Outcome<SessionEndResult>.Failure(ErrorCode.Conflict,
                $"Build run '{running.Handle.RunId}' of session '{state.Session}' is still running. Stop it with build_cancel (or wait for it), then call session_end again.");
        }

        var ownsWorktree = state.Isolation == SessionIsolation.Worktree && Directory.Exists(state.WorkTree);
        if (ownsWorktree && !force)
        {
            var status = await git.GetStatusAsync(state.WorkTree, cancellationToken).ConfigureAwait(false);
            var dirty = status.Staged.Concat(status.Unstaged).Concat(status.Untracked).Distinct(StringComparer.Ordinal).ToList();
            if (dirty.Count > 0)
            {
                var listed = string.Join(", ", dirty.Take(MaxListedFiles)) + (dirty.Count > MaxListedFiles ? $" and {dirty.Count - MaxListedFiles} more" : "");
                return Outcome<SessionEndResult>.Failure(ErrorCode.Conflict,
                    $"The worktree of session '{state.Session}' ({state.WorkTree}) holds uncommitted work: {listed}. Nothing was removed. " +
                    "Commit it (close commits a session's work), move it elsewhere, or call session_end with force: true to discard it.");
            }
        }

        // Marking first takes the session's lock, so a session another live server holds is refused before anything goes.
        var ended = await writer.UpdateAsync(project, state.Session, s => Outcome<SessionState>.Success(outcome == SessionOutcome.Finished
            ? s with { Status = SessionStatus.Completed, Phase = SessionPhase.Closed }
            : s with { Status = SessionStatus.Abandoned }), cancellationToken).ConfigureAwait(false);
        if (!ended.Succeeded)
        {
            return ended.Error;
        }

        var removed = new List<string>();
        var kept = new List<string>();
        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        var janitor = new ChunkWorktreeJanitor(git);
        removed.AddRange((await janitor.RemoveStaleAsync(project.MainWorkTreeRoot, options.Value ?? OrchestratorOptions.Default, state.Session, includeLiveRuns: true, cancellationToken).ConfigureAwait(false))
            .Select(w => $"chunk worktree {w}"));
        removed.AddRange(await DeleteSnapshotRefsAsync(project.MainWorkTreeRoot, state.Session, kept, cancellationToken).ConfigureAwait(false));

        if (ownsWorktree)
        {
            await janitor.RemoveWorktreeAsync(project.MainWorkTreeRoot, state.WorkTree, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(state.WorkTree))
            {
                kept.Add($"worktree {state.WorkTree}: it could not be removed; delete the folder and run git worktree prune");
            }
            else
            {
                removed.Add($"worktree {state.WorkTree}");
            }
        }
        else
        {
            kept.Add($"tree {state.WorkTree}: {(state.Isolation == SessionIsolation.Worktree ? "already gone" : "your own working tree, not created for the session")}");
        }

        await EndBranchAsync(project, state, outcome, ownsWorktree && !Directory.Exists(state.WorkTree), removed, kept, cancellationToken).ConfigureAwait(false);
        await locks.ReleaseAsync(store.SessionDirectory(state.Session)).ConfigureAwait(false);
        LogEnded(state.Session, ended.Value.Status, removed.Count);
        return Outcome<SessionEndResult>.Success(new SessionEndResult(state.Session, ended.Value.Status, ended.Value.Phase, removed, kept));
    }

    private async Task<IReadOnlyList<string>> DeleteSnapshotRefsAsync(string repository, string sessionId, List<string> kept, CancellationToken cancellationToken)
    {
        var prefix = $"{SnapshotRefCleaner.Namespace}{sessionId}/";
        var listed = await git.RunAsync(repository, ["for-each-ref", "--format=%(refname)", prefix], cancellationToken).ConfigureAwait(false);
        var deleted = new List<string>();
        foreach (var name in listed.Succeeded ? listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
        {
            var result = await git.RunAsync(repository, ["update-ref", "-d", name], cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                deleted.Add($"snapshot ref {name}");
            }
            else
            {
                kept.Add($"snapshot ref {name}: git update-ref -d failed ({result.Message})");
            }
        }

        return deleted;
    }

    /// <summary>
    /// The branch of an abandoned session that never moved past its start commit is debris and goes; a branch with
    /// commits (or a finished session's) is the user's work and stays.
    /// </summary>
    private async Task EndBranchAsync(ProjectContext project, SessionState state, SessionOutcome outcome, bool worktreeRemoved,
        List<string> removed, List<string> kept, CancellationToken cancellationToken)
    {
        if (state.Isolation != SessionIsolation.Worktree)
        {
            kept.Add($"branch {state.Branch}: checked out in your tree");
            return;
        }

        var tip = await git.ResolveCommitAsync(project.MainWorkTreeRoot, $"refs/heads/{state.Branch}", cancellationToken).ConfigureAwait(false);
        if (tip is null)
        {
            return;
        }

        if (outcome == SessionOutcome.Abandoned && worktreeRemoved && tip == state.SessionStartRef)
        {
            var deleted = await git.RunAsync(project.MainWorkTreeRoot, ["branch", "-D", state.Branch], cancellationToken).ConfigureAwait(false);
            if (deleted.Succeeded)
            {
                removed.Add($"branch {state.Branch} (no commits of the session)");
                return;
            }
        }

        kept.Add($"branch {state.Branch}: {(tip == state.SessionStartRef ? "kept" : "it holds the session's commits")}; delete it with git branch -D {state.Branch} when no longer needed");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} ended ({Status}); {Removed} item(s) removed")]
    private partial void LogEnded(string sessionId, string status, int removed);
}
