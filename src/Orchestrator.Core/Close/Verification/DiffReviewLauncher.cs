using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Verification;

/// <summary>
/// Runs the <see cref="SessionDiffReviewer"/> when close.review_diff asks for it, there is a diff, it is not a dry run
/// and the configured runner is available; otherwise says why the review was skipped.
/// </summary>
public sealed class DiffReviewLauncher(IAgentRunnerFactory? reviewers)
{
    public const string LogFileName = "close-review.log";

    public async Task<DiffReviewResult> ReviewAsync(ProjectContext project, OrchestratorOptions options, SessionState state, string sessionDirectory, bool dryRun, string diff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(diff);
        var reviewRunner = options.Close.ReviewRunner ?? options.DefaultRunner;
        if (!options.Close.ReviewDiff)
        {
            return DiffReviewResult.Skipped("close.review_diff is false in .orchestrator/config.yaml");
        }

        if (diff.Length == 0)
        {
            return DiffReviewResult.Skipped("no session changes to review");
        }

        if (dryRun)
        {
            return DiffReviewResult.Skipped($"dry run: a {reviewRunner} reviewer would read the diff");
        }

        if (reviewers is null)
        {
            return DiffReviewResult.Skipped("no agent runner is available to this server");
        }

        // No build runs during close, so a host reviewer is refused (the client takes host jobs only while it follows a build).
        var kind = RunnerKinds.Parse(reviewRunner, options.Close.ReviewRunner is null ? "default_runner in .orchestrator/config.yaml" : "close.review_runner in .orchestrator/config.yaml");
        var runner = kind.Succeeded ? reviewers.Create(kind.Value, options.Runners, hostRunId: null) : Outcome<IAgentRunner>.Failure(kind.Error);
        if (!runner.Succeeded)
        {
            return DiffReviewResult.Skipped($"reviewer runner \"{reviewRunner}\" unavailable: {runner.Error.Message}");
        }

        return await new SessionDiffReviewer(runner.Value)
            .ReviewAsync(state.WorkTree, state.Description, diff, Path.Combine(sessionDirectory, LogFileName), $"close-{state.Session}", cancellationToken)
            .ConfigureAwait(false);
    }
}
