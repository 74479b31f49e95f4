using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Who holds a run's lock, allowing for a worker that is still exiting: once its journal says the run ended (cancelled,
/// paused), the worker settles and lets go within moments, so a resume asked for in that moment (a Resume click right
/// after Cancel) waits for it instead of being refused as "running".
/// </summary>
public static class EndedRunOwner
{
    /// <summary>How long a worker whose run has ended is given to let go.</summary>
    public static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The live owner of <paramref name="runDirectory"/>'s lock, or null. While the journal shows the run ended, waits
    /// up to <paramref name="grace"/> for the owner to let go; a run still going is answered at once.
    /// </summary>
    public static async Task<LockOwner?> LiveOwnerAsync(string runDirectory, TimeProvider timeProvider, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var deadline = timeProvider.GetUtcNow() + grace;
        while (RunLocks.LiveOwner(runDirectory, timeProvider) is { } owner)
        {
            if (RunJournal.ReadSnapshot(runDirectory)?.FinishedAt is null || timeProvider.GetUtcNow() >= deadline)
            {
                return owner;
            }

            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}
