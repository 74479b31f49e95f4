namespace Orchestrator.Core.Close.Commits;

/// <summary>A commit close made.</summary>
public sealed record CommitRecord(string Sha, string Subject, string Message, IReadOnlyList<string> Files, IReadOnlyList<string> ChunkIds);
