namespace Orchestrator.Core.Planning;

/// <summary>The result of checking one declared file path against the repository.</summary>
/// <param name="NormalizedPath">The lexically normalised relative path ('/'-separated), when it is acceptable.</param>
/// <param name="Problem">Why the path is rejected (the kind), or null.</param>
/// <param name="Detail">For a rejected path: what exactly escapes (e.g. the symlink and its target).</param>
public sealed record RepositoryPathVerdict(string? NormalizedPath, ChunkPlanProblemKind? Problem, string? Detail);
