using System.Text.Json;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The one rule for a run's <see cref="RunStatus"/>, used by the build tools, session_status and the dashboard:
/// what the run itself recorded, and whether anything still executes it.
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
        BuildRunStatus.Failed => RunStatus.Failed,
        BuildRunStatus.Cancelled => RunStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(recorded), recorded, "not a run status"),
    };

    /// <summary>
    /// The status of a run read from disk (any server's): its journal folded to a status, and whether a live process
    /// holds its run lock (<see cref="RunLocks"/>). A journal that has ended while its executor still holds the run is
    /// being settled into its session: running until the executor lets go, as for a run of this server.
    /// </summary>
    public static RunStatus OfRecord(BuildRunStatus? recorded, bool executing) =>
        recorded is not null and not BuildRunStatus.Running && executing ? RunStatus.Running : Of(recorded, executing);

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

    /// <summary>Whether the run has ended for good (a cancelled run can still be resumed).</summary>
    public static bool IsFinished(RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>The snake_case name, as <see cref="RunStatusJsonConverter"/> writes it.</summary>
    public static string Name(RunStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
