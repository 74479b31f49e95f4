using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Chooses a run's runner, isolation and test verifier from its setup. A missing agent CLI, an unknown runner or a
/// bad runner configuration is a failure naming the fix, reported before the run starts.
/// </summary>
public interface IBuildRunEnvironmentFactory
{
    /// <summary>Builds the environment for one run (new or resumed).</summary>
    Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken);

    /// <summary>
    /// What <see cref="CreateAsync"/> would refuse, found without changing anything (no worktree is touched): how a
    /// server checks a run it hands to a worker, which builds the environment itself. Null: nothing to refuse.
    /// </summary>
    OrchestratorError? Check(BuildRunSetup setup) => null;

    /// <summary>
    /// The cluster a run started now would place its agents on (config.yaml's <c>cluster:</c>, or the server's
    /// <c>--cluster</c>); null: this machine. build_start records it with the run, so a resume uses it too.
    /// </summary>
    ClusterTarget? ClusterFor(OrchestratorOptions options) => null;
}
