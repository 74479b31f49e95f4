namespace Orchestrator.Core.Build.Workspaces;

/// <summary>Where one attempt of a chunk runs (the session tree, or a worktree of its own).</summary>
public sealed record ChunkWorkspace(string WorkingDirectory);
