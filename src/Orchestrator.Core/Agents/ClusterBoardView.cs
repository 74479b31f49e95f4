namespace Orchestrator.Core.Agents;

/// <summary>The cluster as the tools show it.</summary>
/// <param name="Workers">Active workers and their load.</param>
/// <param name="Attempts">Remote attempts in flight: where each runs, or that it waits for capacity.</param>
/// <param name="Problem">Why the coordinator cannot see the cluster right now (no worker joined yet, Redis unreachable), or null.</param>
public sealed record ClusterBoardView(IReadOnlyList<WorkerView> Workers, IReadOnlyList<RemoteAttemptView> Attempts, string? Problem);
