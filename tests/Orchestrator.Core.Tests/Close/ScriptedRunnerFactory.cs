using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Tests.Close;

/// <summary>Hands out one runner for every run setup, and remembers the setups it saw.</summary>
internal sealed class ScriptedRunnerFactory(IAgentRunner runner) : IBuildRunEnvironmentFactory
{
    public List<BuildRunSetup> Setups { get; } = [];

    public Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        Setups.Add(setup);
        return Task.FromResult(Outcome<BuildRunEnvironment>.Success(
            new BuildRunEnvironment(runner, new SharedTreeWorkspaceProvider(setup.SessionTree), new AgentClaimedChunkVerifier())));
    }
}
