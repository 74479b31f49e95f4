using Orchestrator.Core.Close.QualityGate;

namespace Orchestrator.Core.Close.Commits;

/// <summary>
/// Whether close may commit, in the order the reasons are checked: asked to, a tree, something to commit, a branch
/// that is not the default one (unless allowed), a gate that passed (unless the user consented). Null means commit.
/// </summary>
public static class CommitDecision
{
    public static CommitOutcome? RefusalBeforeBranchCheck(CloseRequest request, bool treeExists, int plannedCommits, string? branch)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Commit)
        {
            return CommitOutcome.Not(CommitStatus.Skipped, "commit is false");
        }

        if (!treeExists)
        {
            return CommitOutcome.Not(CommitStatus.Skipped, "the session tree is missing");
        }

        if (plannedCommits == 0)
        {
            return CommitOutcome.Not(CommitStatus.NothingToCommit, "no done chunk has uncommitted changes in the session tree");
        }

        return branch is null
            ? CommitOutcome.Not(CommitStatus.Skipped, "the session tree is on a detached HEAD; check out the session branch and run close again")
            : null;
    }

    public static CommitOutcome? Refusal(CloseRequest request, string branch, string? defaultBranch, bool allowDefaultBranchCommit, QualityGateResult gate)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(gate);
        if (branch == defaultBranch && !allowDefaultBranchCommit)
        {
            return CommitOutcome.Not(CommitStatus.Skipped, $"the session tree is on the default branch '{branch}'; close does not commit there unless close.allow_default_branch_commit is true in .orchestrator/config.yaml");
        }

        if (gate.Status == QualityGateStatus.Failed && !request.AllowFailingGate)
        {
            return CommitOutcome.Not(CommitStatus.Blocked, $"the quality gate failed ({gate.Summary}); fix it and run close again, or pass allow_failing_gate: true to commit anyway");
        }

        return request.DryRun ? CommitOutcome.Not(CommitStatus.WouldCommit, null) : null;
    }
}
