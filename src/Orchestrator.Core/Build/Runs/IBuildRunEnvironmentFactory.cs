using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Chooses a run's runner, isolation and test verifier from its setup. A missing agent CLI, an unknown runner or a
/// bad runner configuration is a failure naming the fix, reported before the run starts.
/// </summary>
public interface IBuildRunEnvironmentFactory
{
    /// <summary>Builds the environment for one run (new or resumed).</summary>
    Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken);
}
