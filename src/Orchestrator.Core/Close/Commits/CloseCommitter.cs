using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Commits;

/// <summary>
/// Plans the done chunks' commits (their messages name the carryover issues just filed), asks
/// <see cref="CommitDecision"/> whether to make them, and makes them with <see cref="SessionCommitter"/>.
/// </summary>
public sealed class CloseCommitter(IGit git)
{
    public async Task<(IReadOnlyList<CommitGroup> Planned, CommitOutcome Outcome)> CommitAsync(ProjectContext project, OrchestratorOptions options, CloseRequest request,
        SessionState state, PlanVerification verification, SessionChanges changes, QualityGateResult gate, IReadOnlyList<IssueRecord> issues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(issues);
        var carryoverRefs = issues.Where(i => i.Kind is "carryover" or "concerns").Select(i => i.Reference).OfType<string>().ToList();
        var planned = CommitPlanner.Plan(state, verification, changes.Changed, carryoverRefs);
        if (CommitDecision.RefusalBeforeBranchCheck(request, changes.TreeExists, planned.Count, changes.Branch) is { } early)
        {
            return (planned, early);
        }

        var defaultBranch = await git.GetDefaultBranchAsync(project.MainWorkTreeRoot, cancellationToken).ConfigureAwait(false);
        if (CommitDecision.Refusal(request, changes.Branch!, defaultBranch, options.Close.AllowDefaultBranchCommit, gate) is { } refused)
        {
            return (planned, refused);
        }

        var made = await new SessionCommitter(git).CommitAsync(state.WorkTree, planned, cancellationToken).ConfigureAwait(false);
        return (planned, made.Succeeded ? new CommitOutcome(CommitStatus.Committed, null, made.Value) : CommitOutcome.Not(CommitStatus.Failed, made.Error.Message));
    }
}
