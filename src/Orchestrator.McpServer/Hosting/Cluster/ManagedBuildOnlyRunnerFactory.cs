using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.McpServer.Hosting.Cluster;

/// <summary>
/// The native binary's stand-in for the cluster runner factory: a build whose config.yaml names a cluster is refused
/// with <paramref name="reason"/> (which build to use instead) rather than run on this machine behind the user's back.
/// </summary>
internal sealed class ManagedBuildOnlyRunnerFactory(IAgentRunnerFactory local, string reason) : IAgentRunnerFactory
{
    public Outcome<IAgentRunner> Create(RunnerKind kind, RunnersOptions runners, string? hostRunId) => local.Create(kind, runners, hostRunId);

    public Outcome<IAgentRunner> CreateForBuild(RunnerKind kind, OrchestratorOptions options, ClusterTarget? cluster, string sessionId, string runId) =>
        cluster is null ? local.CreateForBuild(kind, options, null, sessionId, runId) : Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, reason);
}
