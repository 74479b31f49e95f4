using Orchestrator.Core.Agents;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>Answers as a cluster runner does: every outcome names the worker that ran it (the journal records it).</summary>
internal sealed class WorkerStampingAgentRunner(IAgentRunner inner, string worker) : IAgentRunner
{
    public string Name => inner.Name;

    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken) =>
        await inner.RunAsync(job, cancellationToken) with { Worker = worker };
}
