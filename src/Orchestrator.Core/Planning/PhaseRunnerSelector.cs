using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// The runner the spec, plan and divide agents use: config.yaml's default_runner (claude unless set), built by the same
/// <see cref="IBuildRunEnvironmentFactory"/> as a build's, so a missing CLI is reported the same way.
/// </summary>
public sealed class PhaseRunnerSelector(IBuildRunEnvironmentFactory factory)
{
    public async Task<Outcome<IAgentRunner>> SelectAsync(ProjectContext project, SessionState state, string phase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(state);
        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!options.Succeeded)
        {
            return options.Error;
        }

        var runnerName = options.Value.DefaultRunner.Trim().ToLowerInvariant();
        if (runnerName == BuildRunService.HostRunner)
        {
            // The host's sub-agents take jobs only while a build runs (agent_job_next); a phase call cannot wait for them.
            return Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, "default_runner is \"host\" in .orchestrator/config.yaml, so no agent runs inside this call.");
        }

        var directory = Path.Combine(project.SessionsDirectory, state.Session, "agents");
        var setup = new BuildRunSetup(state.Session, $"{phase}-{state.Session}", directory, project.MainWorkTreeRoot, state.WorkTree,
            runnerName, BuildIsolation.Shared, TestsRequired: false, options.Value);
        var environment = await factory.CreateAsync(setup, cancellationToken).ConfigureAwait(false);
        return environment.Succeeded
            ? Outcome<IAgentRunner>.Success(environment.Value.Runner)
            : Outcome<IAgentRunner>.Failure(environment.Error.Code, environment.Error.Message);
    }
}
