namespace Orchestrator.Core.Agents.Runners.Host;

/// <summary>
/// The <c>host</c> runner's switchboard: a run's agent jobs wait here until the MCP client takes them
/// (agent_job_next), dispatches them with its own sub-agents and hands the answers back (agent_job_submit).
/// </summary>
public interface IHostJobBroker
{
    /// <summary>The runner a build loop uses for <paramref name="runId"/>: each job it runs waits for the host's answer.</summary>
    IAgentRunner RunnerFor(string runId);
}
