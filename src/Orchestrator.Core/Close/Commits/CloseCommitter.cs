using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Publishing;
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
    /// <summary><paramref name="approved"/>: the preview the publish gate approved, or null when close needs no gate (a dry run).</summary>
    public async Task<(IReadOnlyList<CommitGroup> Planned, CommitOutcome Outcome)> CommitAsync(ProjectContext project, OrchestratorOptions options, CloseRequest request,
        SessionState state, PlanVerification verification, SessionChanges changes, QualityGateResult gate, IReadOnlyList<IssueRecord> issues, PublishPreview? approved,
        CancellationToken cancellationToken)
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

        if (approved is not null && !request.DryRun)
        {
            // The files may have changed while the quality gate ran: commit only what the user saw.
            var now = await new PublishPreviewBuilder(git).BuildAsync(options.Close, request, state.WorkTree, changes.Branch!, planned, cancellationToken).ConfigureAwait(false);
            if (now.Digest != approved.Digest)
            {
                return (planned, CommitOutcome.Not(CommitStatus.AwaitingApproval,
                    "what close would commit changed after the publish gate was approved; nothing was committed or pushed. Call close again to see the new preview and decide"));
            }
        }

        var made = await new SessionCommitter(git).CommitAsync(state.WorkTree, planned, cancellationToken).ConfigureAwait(false);
        return (planned, made.Succeeded ? new CommitOutcome(CommitStatus.Committed, null, made.Value) : CommitOutcome.Not(CommitStatus.Failed, made.Error.Message));
    }
}
