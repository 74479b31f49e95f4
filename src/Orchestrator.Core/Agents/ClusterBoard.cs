using System.Collections.Concurrent;

namespace Orchestrator.Core.Agents;

/// <summary>
/// What the cluster mode shows in build_status and session_status: the workers the coordinator last saw, their load,
/// and where each remote attempt runs or why it waits. Written by the cluster runner, read by the tools; plain data,
/// so the single-machine mode carries an empty board and never loads the cluster's dependencies.
/// </summary>
public sealed class ClusterBoard
{
    private readonly ConcurrentDictionary<string, RemoteAttemptView> _attempts = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<WorkerView> _workers = [];
    private volatile string? _problem;

    /// <summary>True once a cluster runner wrote to the board (the tools show nothing for the single-machine mode).</summary>
    public bool InUse { get; private set; }

    /// <summary>Replaces the list of workers (from the engine's membership: active silos only).</summary>
    public void SetWorkers(IReadOnlyList<WorkerView> workers, string? problem)
    {
        InUse = true;
        _workers = workers;
        _problem = problem;
    }

    /// <summary>Records where a job stands (waiting for capacity, or running on a worker).</summary>
    public void Set(RemoteAttemptView attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        InUse = true;
        _attempts[attempt.JobId] = attempt;
    }

    /// <summary>The job ended: it leaves the board.</summary>
    public void Remove(string jobId) => _attempts.TryRemove(jobId, out _);

    /// <summary>The board, with only <paramref name="runId"/>'s attempts when given; null when no cluster was used.</summary>
    public ClusterBoardView? View(string? runId) =>
        !InUse ? null
            : new ClusterBoardView(
                _workers,
                [.. _attempts.Values.Where(a => runId is null || a.RunId == runId).OrderBy(a => a.Since)],
                _problem);
}
