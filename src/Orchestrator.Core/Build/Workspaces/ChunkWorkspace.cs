namespace Orchestrator.Core.Build.Workspaces;

/// <summary>Where one attempt of a chunk runs (the session tree, or a worktree of its own), and how it was made.</summary>
public sealed record ChunkWorkspace(string WorkingDirectory, WorkspaceKind Kind = WorkspaceKind.SessionTree);
