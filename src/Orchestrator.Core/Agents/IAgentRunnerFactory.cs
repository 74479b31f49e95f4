using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Agents;

/// <summary>
/// Makes the runner of a kind, configured by config.yaml's <c>runners:</c>. The spec, plan and divide agents, a build's
/// agents and close's reviewer all get theirs here, so a missing CLI or a bad runner configuration is reported the same
/// way everywhere, before any agent starts.
/// </summary>
public interface IAgentRunnerFactory
{
    /// <summary>The runner of <paramref name="kind"/>.</summary>
    /// <param name="kind">Who runs the agents.</param>
    /// <param name="runners">The <c>runners:</c> section of config.yaml.</param>
    /// <param name="hostRunId">
    /// The build run whose jobs a <see cref="RunnerKind.Host"/> runner offers to the MCP client; null where no build runs
    /// (the client takes host jobs only while it follows a build), which refuses <see cref="RunnerKind.Host"/>.
    /// </param>
    Outcome<IAgentRunner> Create(RunnerKind kind, RunnersOptions runners, string? hostRunId);

    /// <summary>
    /// The runner of a build run's agents (executors, reviewers, fixes): on <paramref name="cluster"/>'s workers when
    /// given (a factory that knows clusters), else on this machine; spec, plan, divide and close agents always run here.
    /// </summary>
    /// <param name="kind">Who runs the agents.</param>
    /// <param name="options">The repository's config.yaml (<c>runners:</c>, <c>cluster:</c>).</param>
    /// <param name="cluster">The cluster the run places its agents on (<see cref="ClusterFor"/> at its start, kept with the run); null: this machine.</param>
    /// <param name="sessionId">The run's session (refs a cluster runner makes live under it, so close can remove them).</param>
    /// <param name="runId">The build run.</param>
    Outcome<IAgentRunner> CreateForBuild(RunnerKind kind, OrchestratorOptions options, ClusterTarget? cluster, string sessionId, string runId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return cluster is null
            ? Create(kind, options.Runners, runId)
            : Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, $"this server cannot place agents on a cluster ({MembershipUrls.WithoutCredentials(cluster.Membership)}).");
    }

    /// <summary>The cluster a build started now would use (config.yaml's <c>cluster:</c>, or the server's <c>--cluster</c>); null: this machine.</summary>
    ClusterTarget? ClusterFor(OrchestratorOptions options) => null;
}
