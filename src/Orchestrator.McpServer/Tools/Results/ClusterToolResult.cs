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
        return From(board.View(runId));
    }

    /// <summary>A board view as the tools show it; null for none.</summary>
    public static ClusterToolResult? From(ClusterBoardView? view) =>
        view is null ? null
            : new ClusterToolResult(
                [.. view.Workers.Select(w => new ClusterWorkerToolResult(w.Name, w.Running, w.MaxAgents, w.Runners, w.Labels, w.Host, w.Address))],
                [.. view.Attempts.Select(a => new ClusterAttemptToolResult(a.ChunkId, a.Role.ToString().ToLowerInvariant(), a.Attempt, a.State, a.Worker, a.LostWorkers))],
                view.Attempts.Count(a => a.Worker is null),
                view.Problem);

    /// <summary>One line for session_status: "w1 1/2, w2 2/2; chunk-1 executor on w1; 1 waiting for capacity".</summary>
    public static string? Describe(ClusterBoardView? view)
    {
        if (view is null)
        {
            return null;
        }

        var workers = view.Workers.Count == 0 ? "no workers" : string.Join(", ", view.Workers.Select(w => $"{w.Name} {w.Running}/{w.MaxAgents}"));
        var running = view.Attempts.Where(a => a.Worker is not null)
            .Select(a => $"{a.ChunkId ?? "review"} {a.Role.ToString().ToLowerInvariant()} on {a.Worker}").ToList();
        var waiting = view.Attempts.Count(a => a.Worker is null);
        return string.Join("; ", new[] { workers, string.Join(", ", running), waiting > 0 ? $"{waiting} waiting for capacity" : "", view.Problem ?? "" }
            .Where(part => part.Length > 0));
    }
}
