namespace Orchestrator.Core.Build.Workspaces;

/// <summary>Which snapshot of the session tree a caller of <see cref="SnapshotCoalescer"/> may share.</summary>
public enum SnapshotSharing
{
    /// <summary>
    /// Only one that has not started reading the tree yet: the tree changes outside the gate (shared isolation, where
    /// the agents write into it), so a snapshot already reading may miss what a caller needs to see.
    /// </summary>
    NotYetStarted,

    /// <summary>
    /// Also the one reading the tree now: every change a caller needs to see is made under the same gate (worktree
    /// isolation: agents never touch the session tree, and the provider's applies hold the gate), so nothing it needs
    /// can happen between the running snapshot's start and the call.
    /// </summary>
    InFlight,
}
