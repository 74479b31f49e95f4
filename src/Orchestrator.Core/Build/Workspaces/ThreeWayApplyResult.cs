namespace Orchestrator.Core.Build.Workspaces;

/// <summary>The outcome of applying a chunk's change to the session tree: applied, or the paths that conflicted (nothing written).</summary>
public sealed record ThreeWayApplyResult(bool Applied, IReadOnlyList<string> ConflictedPaths, string? Detail);
