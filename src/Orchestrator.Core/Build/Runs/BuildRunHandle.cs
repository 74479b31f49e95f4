using Orchestrator.Core.Build.Journal;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// A run started in the background (build_start returns at once): its live events, its completion and a way to
/// cancel it. Cancelling stops every running agent; the run ends as cancelled and stays resumable.
/// </summary>
public sealed class BuildRunHandle : IDisposable
{
    private readonly CancellationTokenSource _cancellation;

    internal BuildRunHandle(string runId, string runDirectory, RunEventBroadcaster events, CancellationTokenSource cancellation, Func<CancellationToken, Task<BuildRunResult>> run)
    {
        RunId = runId;
        RunDirectory = runDirectory;
        Events = events;
        _cancellation = cancellation;

        // Task.Run: the caller (an MCP tool) must not wait for the loop's synchronous start-up work.
        Completion = Task.Run(() => run(cancellation.Token), CancellationToken.None);
    }

    public string RunId { get; }

    public string RunDirectory { get; }

    /// <summary>Live events and snapshot (long-poll with <see cref="RunEventBroadcaster.WaitForEventsAfterAsync"/>).</summary>
    public RunEventBroadcaster Events { get; }

    /// <summary>Completes with the result when the run ends (completed, failed or cancelled); never faults for expected failures.</summary>
    public Task<BuildRunResult> Completion { get; }

    /// <summary>Requests cancellation; await <see cref="Completion"/> to see the run end.</summary>
    public void Cancel() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();
}
