namespace Orchestrator.Core.Build.Workspaces;

/// <summary>An attempt that edited files outside its chunk (or conflicted); the attempt failed and the change was not applied.</summary>
public sealed record ScopeViolation(string ChunkId, int Attempt, IReadOnlyList<string> Files, string Reason);
