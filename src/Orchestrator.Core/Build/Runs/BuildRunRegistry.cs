using System.Collections.Concurrent;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The runs this process started or resumed, by run id. A run not here is read from its journal; a journal without
/// run.finished and no live handle is an interrupted run (the process that ran it is gone).
/// </summary>
public sealed class BuildRunRegistry : ISessionActivity
{
    private readonly ConcurrentDictionary<string, LiveRun> runs = new(StringComparer.Ordinal);

    public void Add(LiveRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        runs[run.Handle.RunId] = run;
    }

    public LiveRun? Find(string runId) => runs.TryGetValue(runId, out var run) ? run : null;

    /// <summary>The session's run that is still executing, if any.</summary>
    public LiveRun? RunningFor(string sessionId) =>
        runs.Values.FirstOrDefault(r => r.SessionId == sessionId && !r.Settled.IsCompleted);

    /// <inheritdoc />
    public string? RunningBuildOf(string sessionId) => RunningFor(sessionId)?.Handle.RunId;

    public IReadOnlyList<LiveRun> All => runs.Values.ToList();
}
