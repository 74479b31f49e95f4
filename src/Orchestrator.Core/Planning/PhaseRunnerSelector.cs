using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// The runner the spec, plan and divide agents use: config.yaml's default_runner (claude unless set), made by the same
/// <see cref="IAgentRunnerFactory"/> as a build's, so a missing CLI is reported the same way.
/// </summary>
public sealed class PhaseRunnerSelector(IAgentRunnerFactory factory)
{
    /// <summary>Where <c>default_runner</c> comes from, for the message when it names no runner.</summary>
    public const string DefaultRunnerSource = "default_runner in .orchestrator/config.yaml";

    public async Task<Outcome<IAgentRunner>> SelectAsync(ProjectContext project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!options.Succeeded)
        {
            return options.Error;
        }

        var kind = RunnerKinds.Parse(options.Value.DefaultRunner, DefaultRunnerSource);
        if (!kind.Succeeded)
        {
            return kind.Error;
        }

        if (kind.Value == RunnerKind.Host)
        {
            // The host's sub-agents take jobs only while a build runs (agent_job_next); a phase call cannot wait for them.
            return Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, "default_runner is \"host\" in .orchestrator/config.yaml, so no agent runs inside this call.");
        }

        return factory.Create(kind.Value, options.Value.Runners, hostRunId: null);
    }
}
