namespace Orchestrator.Cluster.Workers;

/// <summary>What a worker offers and where it keeps its mirror, worktrees and agent logs.</summary>
/// <param name="Name">Shown in the journal and status (default: host name and process id).</param>
/// <param name="MaxAgents">Agents it runs at once.</param>
/// <param name="Labels">Labels a project can require (<c>cluster.require_labels</c>).</param>
/// <param name="WorkDirectory">Its git mirror, job worktrees and logs.</param>
public sealed record WorkerOptions(string Name, int MaxAgents, IReadOnlyDictionary<string, string> Labels, string WorkDirectory);
