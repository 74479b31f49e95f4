using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>
/// The run environment seam for protocol tests: every run (and, through <see cref="Agents"/>, every spec/plan/divide
/// agent and close's reviewer) is played by one <see cref="ScriptedAgentRunner"/> in the session tree. Records the
/// setups it was asked for.
/// </summary>
internal sealed class ScriptedEnvironmentFactory(ScriptedAgentRunner runner) : IBuildRunEnvironmentFactory
{
    public ConcurrentQueue<BuildRunSetup> Setups { get; } = new();

    public ScriptedAgentRunner Runner { get; } = runner;

    /// <summary>The runner factory of the phase agents and close's reviewer: the same scripted runner.</summary>
    public ScriptedRunnerFactory Agents { get; } = new(runner);

    /// <summary>Registers this factory and <see cref="Agents"/> in a server's services.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<IBuildRunEnvironmentFactory>(this);
        services.AddSingleton<IAgentRunnerFactory>(Agents);
    }

    public Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        Setups.Enqueue(setup);
        return Task.FromResult(Outcome<BuildRunEnvironment>.Success(
            new BuildRunEnvironment(Runner, new SharedTreeWorkspaceProvider(setup.SessionTree), new AgentClaimedChunkVerifier())));
    }
}
