using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.McpServer.Hosting.Cluster;

/// <summary>
/// The server's runner factory: this machine's runners, and for a build placed on a cluster (config.yaml's
/// <c>cluster:</c> or the server's <c>--cluster</c> when it started, kept with the run), the cluster's. The cluster factory is made on first use, so a server that never
/// runs a cluster build never loads Orleans.
/// </summary>
internal sealed class ServerRunnerFactory(IAgentRunnerFactory local, string? defaultMembership, Func<IAgentRunnerFactory> createCluster) : IAgentRunnerFactory, IAsyncDisposable
{
    private readonly Lazy<IAgentRunnerFactory> _cluster = new(createCluster);

    public Outcome<IAgentRunner> Create(RunnerKind kind, RunnersOptions runners, string? hostRunId) => local.Create(kind, runners, hostRunId);

    public Outcome<IAgentRunner> CreateForBuild(RunnerKind kind, OrchestratorOptions options, ClusterTarget? cluster, string sessionId, string runId) =>
        cluster is not null
            ? _cluster.Value.CreateForBuild(kind, options, cluster, sessionId, runId)
            : local.CreateForBuild(kind, options, null, sessionId, runId);

    public ClusterTarget? ClusterFor(OrchestratorOptions options) => ClusterTarget.Of(options, defaultMembership);

    public async ValueTask DisposeAsync()
    {
        if (_cluster.IsValueCreated && _cluster.Value is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
