using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// <c>run.lock</c> in a run directory: held by whichever process executes the run (its detached worker, or the server
/// itself for an in-process run), with the session lock's machinery (pid + process start time + host + heartbeat). A run
/// whose lock has a live owner is executing, whichever server asks; one without is finished or interrupted.
/// </summary>
public static class RunLocks
{
    public const string FileName = "run.lock";

    /// <summary>Short, so another machine sharing the folder sees a dead worker quickly; on one host the pid decides at once.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>Three missed heartbeats.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(6);

    /// <summary>A lock manager for run locks, writing <paramref name="holder"/> into the locks it takes.</summary>
    public static SessionLockManager CreateManager(TimeProvider timeProvider, string holder) =>
        new(timeProvider) { LockFileName = FileName, HeartbeatInterval = HeartbeatInterval, StaleAfter = StaleAfter, Holder = holder };

    /// <summary>The live process executing the run in <paramref name="runDirectory"/>, or null when none does.</summary>
    public static LockOwner? LiveOwner(string runDirectory, TimeProvider timeProvider) =>
        CreateManager(timeProvider, "reader").FindLiveOwner(runDirectory);

    /// <summary>Whether a live process executes the run in <paramref name="runDirectory"/>.</summary>
    public static bool IsExecuted(string runDirectory, TimeProvider timeProvider) => LiveOwner(runDirectory, timeProvider) is not null;
}
