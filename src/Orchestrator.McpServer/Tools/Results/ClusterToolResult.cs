using System.Text.Json.Serialization;
using Orchestrator.Core.Agents;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>Cluster mode in <c>build_status</c>: the workers, their load, where each attempt runs or that it waits for capacity.</summary>
public sealed record ClusterToolResult(
    [property: JsonPropertyName("workers")] IReadOnlyList<ClusterWorkerToolResult> Workers,
    [property: JsonPropertyName("attempts")] IReadOnlyList<ClusterAttemptToolResult> Attempts,
    [property: JsonPropertyName("waiting_for_capacity")] int WaitingForCapacity,
    [property: JsonPropertyName("problem")] string? Problem)
{
    /// <summary>The board's view of one run; null when the server never used a cluster.</summary>
    public static ClusterToolResult? From(ClusterBoard board, string runId)
    {
        ArgumentNullException.ThrowIfNull(board);
        return board.View(runId) is not { } view ? null
            : new ClusterToolResult(
                [.. view.Workers.Select(w => new ClusterWorkerToolResult(w.Name, w.Running, w.MaxAgents, w.Runners, w.Labels))],
                [.. view.Attempts.Select(a => new ClusterAttemptToolResult(a.ChunkId, a.Role.ToString().ToLowerInvariant(), a.Attempt, a.State, a.Worker, a.LostWorkers))],
                view.Attempts.Count(a => a.Worker is null),
                view.Problem);
    }
}
