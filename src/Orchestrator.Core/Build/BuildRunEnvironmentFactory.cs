using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build;

/// <summary>
/// The real factory. INTERIM (session 2 scaffolding, replaced by the agent-runner work of issue 4): only the host
/// runner and shared isolation are wired; other runners are refused with a clear message.
/// </summary>
public sealed class BuildRunEnvironmentFactory : IBuildRunEnvironmentFactory
{
    /// <inheritdoc />
    public Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.HostRunner is null)
        {
            return Task.FromResult(Outcome<BuildRunEnvironment>.Failure(ErrorCode.InvalidArgument,
                $"runner \"{setup.Runner}\" is not available in this build yet; use runner \"host\"."));
        }

        var environment = new BuildRunEnvironment(setup.HostRunner, new SharedTreeWorkspaceProvider(setup.SessionTree), new AgentClaimedChunkVerifier());
        return Task.FromResult(Outcome<BuildRunEnvironment>.Success(environment));
    }
}
