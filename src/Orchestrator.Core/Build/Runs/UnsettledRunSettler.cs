using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Settles a run that has ended but whose session never heard of it: its executor (a detached worker) was killed
/// between writing <c>run.finished</c> and updating STATE.md, and nobody else would, so the session stayed in phase
/// build for good. Any server that reads such a run does it instead (build_status, build_result, session_status and
/// build_resume ask), whichever server it is.
/// </summary>
/// <remarks>
/// Only a run nobody executes any more (no live holder of <c>run.lock</c>: a live executor settles its own run) and that
/// is its session's latest run (settling an older run would move a session whose newer run is under way to review).
/// <see cref="BuildRunSettler"/> is idempotent per ending under the session's lock, so two servers settling at once
/// write one line. A reader that did not hold the session's lock before lets go of it again: settling on a read must
/// not keep another client's session from it.
/// </remarks>
public sealed class UnsettledRunSettler(BuildRunSettler settler, SessionLockManager locks, TimeProvider timeProvider)
{
    /// <summary>How long a reader waits for the session's lock (another server settling the same run holds it briefly).</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Settles the run if it ended unsettled; true when this call settled it.</summary>
    public async Task<bool> SettleIfUnsettledAsync(ProjectContext project, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (await PendingAsync(project, runId, cancellationToken).ConfigureAwait(false) is not { } pending)
        {
            return false;
        }

        var sessionDirectory = new SessionStore(project.SessionsDirectory).SessionDirectory(pending.SessionId);
        var heldBefore = locks.IsHeldHere(sessionDirectory);
        if (!heldBefore && !await TakeAsync(sessionDirectory, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            // Looked at again under the lock: another server may have settled it meanwhile (the settler checks too).
            return await PendingAsync(project, runId, cancellationToken).ConfigureAwait(false) is { } still
                && await settler.SettleAsync(project, still.SessionId, still.Result).ConfigureAwait(false);
        }
        finally
        {
            if (!heldBefore)
            {
                await locks.ReleaseAsync(sessionDirectory).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Settles each of the session's runs that ended unsettled (only its latest can qualify); true when one was.</summary>
    public async Task<bool> SettleSessionAsync(ProjectContext project, SessionState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Runs.Count > 0 && await SettleIfUnsettledAsync(project, state.Runs[^1], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's session and result when it ended, nobody executes it, and its session has not settled this ending; else null.</summary>
    private async Task<(string SessionId, BuildRunResult Result)?> PendingAsync(ProjectContext project, string runId, CancellationToken cancellationToken)
    {
        if (RunIds.TryDirectoryOf(project, runId) is not { } directory
            || RunJournal.ReadSnapshot(directory) is not { } snapshot
            || snapshot.Status == BuildRunStatus.Running
            || RunLocks.IsExecuted(directory, timeProvider)
            || RunSetupRecord.Read(directory) is not { } setup)
        {
            return null;
        }

        var state = await new SessionStore(project.SessionsDirectory).LoadAsync(setup.SessionId, cancellationToken).ConfigureAwait(false);
        if (!state.Succeeded
            || state.Value.Runs.Count == 0 || !string.Equals(state.Value.Runs[^1], runId, StringComparison.Ordinal)
            || BuildRunSettler.SettledEndings(state.Value, runId) >= BuildRunSettler.Endings(project, runId))
        {
            return null;
        }

        return ReadResult(directory) is { } result ? (setup.SessionId, result) : null;
    }

    private static BuildRunResult? ReadResult(string directory)
    {
        try
        {
            return RunJournal.ReadResult(directory);
        }
        catch (CorruptStateFileException)
        {
            // build_result names the corrupt file; there is nothing to settle from.
            return null;
        }
    }

    private async Task<bool> TakeAsync(string sessionDirectory, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + LockWait;
        while (true)
        {
            if ((await locks.AcquireAsync(sessionDirectory, cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                return true;
            }

            if (timeProvider.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(LockPoll, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
