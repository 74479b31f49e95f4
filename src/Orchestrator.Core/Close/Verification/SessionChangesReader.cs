using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Git;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Verification;

/// <summary>Reads the session tree's status and branch and picks the session's files from it (the files the commits would take).</summary>
public sealed class SessionChangesReader(IGit git)
{
    public async Task<SessionChanges> ReadAsync(SessionState state, PlanVerification verification, ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(problems);
        var workTree = state.WorkTree;
        if (!Directory.Exists(workTree))
        {
            problems.Add($"The session tree {workTree} does not exist any more: nothing can be reviewed, checked or committed.");
            return new SessionChanges(workTree, false, null, [], [], [], []);
        }

        var status = await git.GetStatusAsync(workTree, cancellationToken).ConfigureAwait(false);
        var branch = await git.GetCurrentBranchAsync(workTree, cancellationToken).ConfigureAwait(false);
        var changed = status.Staged.Concat(status.Unstaged).Concat(status.Untracked).Distinct(StringComparer.Ordinal).ToList();
        var sessionFiles = CommitPlanner.Plan(state, verification, changed, []).SelectMany(g => g.Files).ToList();
        var leftUncommitted = changed.Except(sessionFiles, StringComparer.Ordinal).ToList();
        return new SessionChanges(workTree, true, branch, changed, status.Untracked, sessionFiles, leftUncommitted);
    }
}
