using System.Collections.Concurrent;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The runs this process started or resumed, by run id: those it executes itself (<see cref="LiveRun"/>) and those it
/// handed to a detached worker (<see cref="WorkerRun"/>). Any other run is read from its journal and its run lock.
/// </summary>
public sealed class BuildRunRegistry(TimeProvider timeProvider) : ISessionActivity
{
    private readonly ConcurrentDictionary<string, LiveRun> runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WorkerRun> workers = new(StringComparer.Ordinal);

    public void Add(LiveRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        workers.TryRemove(run.Handle.RunId, out _);
        runs[run.Handle.RunId] = run;
    }

    public void Add(WorkerRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        runs.TryRemove(run.RunId, out _);
        workers[run.RunId] = run;
    }

    /// <summary>The run when this process executes (or executed) it itself.</summary>
    public LiveRun? Find(string runId) => runs.TryGetValue(runId, out var run) ? run : null;

    /// <summary>The project of a run this process started or resumed (either way), or null.</summary>
    public ProjectContext? ProjectOf(string runId) =>
        runs.TryGetValue(runId, out var run) ? run.Project
        : workers.TryGetValue(runId, out var worker) ? worker.Project
        : null;

    /// <summary>The session's run that this process executes and that has not settled yet, if any.</summary>
    public LiveRun? RunningFor(string sessionId) =>
        runs.Values.FirstOrDefault(r => r.SessionId == sessionId && !r.Settled.IsCompleted);

    /// <inheritdoc />
    public string? RunningBuildOf(string sessionId) =>
        RunningFor(sessionId)?.Handle.RunId
        ?? workers.Values.FirstOrDefault(w => w.SessionId == sessionId && RunLocks.IsExecuted(w.RunDirectory, timeProvider))?.RunId;

    public IReadOnlyList<LiveRun> All => runs.Values.ToList();
}
