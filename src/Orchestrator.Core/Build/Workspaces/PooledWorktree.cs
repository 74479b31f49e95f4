namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// A pool slot held by this process for one attempt: its worktree folder and owner file. <see cref="Suspect"/> when it
/// was taken over from a dead owner (whatever it was doing was cut off), so it is rebuilt rather than reset.
/// </summary>
public sealed record PooledWorktree(int Index, string Path, string OwnerFile, bool Suspect);
