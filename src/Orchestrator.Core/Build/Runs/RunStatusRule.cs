using System.Text.Json;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Verification;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The one rule for a run's <see cref="RunStatus"/>, used by the build tools, session_status and the dashboard:
/// what the run itself recorded, its chunks' verdicts (<see cref="ChunkVerdictRule"/>), and whether anything still
/// executes it.
/// </summary>
public static class RunStatusRule
{
    /// <summary>The status of a run from its own record.</summary>
    /// <param name="recorded">
    /// Its journal folded to a status (null: no readable journal). For a run of this server, its handle:
    /// <see cref="BuildRunStatus.Running"/> until it has settled, then its result's status.
    /// </param>
    /// <param name="executing">Whether a live process executes it: a journal without an end and no executor was interrupted.</param>
    public static RunStatus Of(BuildRunStatus? recorded, bool executing) => recorded switch
    {
        null => RunStatus.Unknown,
        BuildRunStatus.Running => executing ? RunStatus.Running : RunStatus.Interrupted,
        BuildRunStatus.Completed => RunStatus.Completed,
        BuildRunStatus.CompletedWithFailures => RunStatus.CompletedWithFailures,
        BuildRunStatus.Failed => RunStatus.Failed,
        BuildRunStatus.Cancelled => RunStatus.Cancelled,
        BuildRunStatus.Paused => RunStatus.Paused,
        _ => throw new ArgumentOutOfRangeException(nameof(recorded), recorded, "not a run status"),
    };

    /// <summary>
    /// The status of a run from its folded journal: a run that recorded "completed" (as runs did before chunk
    /// verdicts counted) is judged again from its chunks, so an old journal with a failed chunk is not green.
    /// </summary>
    public static RunStatus Of(RunSnapshot? snapshot, bool executing) =>
        snapshot is { Status: BuildRunStatus.Completed } ? Of(Settled(ChunkVerdictRule.JudgeRun(snapshot)), executing) : Of(snapshot?.Status, executing);

    /// <summary>
    /// The status of a run read from disk (any server's): its journal folded to a status, and whether a live process
    /// holds its run lock (<see cref="RunLocks"/>). A journal that has ended while its executor still holds the run is
    /// being settled into its session: running until the executor lets go, as for a run of this server.
    /// </summary>
    public static RunStatus OfRecord(BuildRunStatus? recorded, bool executing) =>
        recorded is not null and not BuildRunStatus.Running && executing ? RunStatus.Running : Of(recorded, executing);

    /// <summary><see cref="OfRecord(BuildRunStatus?, bool)"/> over a folded journal, its chunks judged again as <see cref="Of(RunSnapshot?, bool)"/> does.</summary>
    public static RunStatus OfRecord(RunSnapshot? snapshot, bool executing) =>
        snapshot is { Status: not BuildRunStatus.Running } && executing ? RunStatus.Running : Of(snapshot, executing);

    /// <summary>
    /// The status of a run this server executes: running until it has settled (its session updated), then its result's
    /// status; a loop that threw counts as failed.
    /// </summary>
    public static RunStatus Of(LiveRun live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var completion = live.Handle.Completion;
        var recorded = !live.Settled.IsCompleted ? BuildRunStatus.Running
            : completion.IsCompletedSuccessfully ? completion.Result.Status
            : BuildRunStatus.Failed;
        return Of(recorded, executing: true);
    }

    /// <summary>
    /// How a run that ran to its end settles: completed only when every chunk is done; failed when no chunk got
    /// anywhere (none done or partial); otherwise completed with failures.
    /// </summary>
    public static BuildRunStatus Settled(IReadOnlyList<ChunkJudgement> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (verdicts.All(v => v.IsDone))
        {
            return BuildRunStatus.Completed;
        }

        return verdicts.Any(v => v.Status is ChunkVerdictStatus.Done or ChunkVerdictStatus.Partial)
            ? BuildRunStatus.CompletedWithFailures
            : BuildRunStatus.Failed;
    }

    /// <summary>Whether the run has ended for good (a cancelled or paused run can still be resumed).</summary>
    public static bool IsFinished(RunStatus status) =>
        status is RunStatus.Completed or RunStatus.CompletedWithFailures or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>Whether chunks of a run that ended need the user's decision (the failures gate).</summary>
    public static bool HasFailures(RunStatus status) => status is RunStatus.CompletedWithFailures or RunStatus.Failed;

    /// <summary>The snake_case name, as <see cref="RunStatusJsonConverter"/> writes it.</summary>
    public static string Name(RunStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>The snake_case name of a recorded status (<c>completed_with_failures</c>).</summary>
    public static string Name(BuildRunStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
