using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Close.Verification;

/// <summary>What one build run of the session left on disk: its result (when it finished), its journal fold, and its chunks.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Result">result.json, or null when the run did not finish (interrupted) or the file is unreadable.</param>
/// <param name="Snapshot">The journal folded into a snapshot (per-chunk state and files), or null without a journal.</param>
/// <param name="Chunks">The validated chunks the run executed.</param>
/// <param name="Problem">Why the run could not be read fully, if so.</param>
public sealed record RunEvidence(string RunId, BuildRunResult? Result, RunSnapshot? Snapshot, IReadOnlyList<PlannedChunk> Chunks, string? Problem)
{
    /// <summary>
    /// <c>completed</c>, <c>completed_with_failures</c>, <c>failed</c>, <c>cancelled</c>, <c>paused</c>,
    /// <c>interrupted</c> (a journal without an end) or <c>missing</c>, by <see cref="RunStatusRule"/>.
    /// </summary>
    public string Status
    {
        get
        {
            // The journal is judged again (an old "completed" with a failed chunk is completed_with_failures); a result
            // whose run.finished never reached the journal speaks for itself.
            if (Snapshot is { } snapshot && (Result is null || snapshot.Status == Result.Status))
            {
                return RunStatusRule.Name(RunStatusRule.Of(snapshot, executing: false));
            }

            return Result is not null ? RunStatusRule.Name(RunStatusRule.Of(Result.Status, executing: false)) : "missing";
        }
    }
}
