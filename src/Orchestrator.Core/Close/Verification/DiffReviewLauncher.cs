using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Verification;

/// <summary>
/// Runs the <see cref="SessionDiffReviewer"/> when close.review_diff asks for it, there is a diff, it is not a dry run
/// and the configured runner is available; otherwise says why the review was skipped.
/// </summary>
public sealed class DiffReviewLauncher(IBuildRunEnvironmentFactory? reviewerFactory)
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
            .ReviewAsync(state.WorkTree, state.Description, diff, Path.Combine(sessionDirectory, LogFileName), $"close-{state.Session}", cancellationToken)
            .ConfigureAwait(false);
    }
}
