using System.Collections.Concurrent;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>
/// The run environment seam for protocol tests: every run (and every spec/plan/divide agent) is played by one
/// <see cref="ScriptedAgentRunner"/> in the session tree. Records the setups it was asked for.
/// </summary>
internal sealed class ScriptedEnvironmentFactory(ScriptedAgentRunner runner) : IBuildRunEnvironmentFactory
{
    public ConcurrentQueue<BuildRunSetup> Setups { get; } = new();

    public ScriptedAgentRunner Runner { get; } = runner;

    public Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        Setups.Enqueue(setup);
        return Task.FromResult(Outcome<BuildRunEnvironment>.Success(
            new BuildRunEnvironment(setup.HostRunner ?? Runner, new SharedTreeWorkspaceProvider(setup.SessionTree), new AgentClaimedChunkVerifier())));
    }
}
