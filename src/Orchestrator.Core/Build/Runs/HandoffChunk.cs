namespace Orchestrator.Core.Build.Runs;

/// <summary>One chunk in a <see cref="Handoff"/>: its status and the files it changed.</summary>
public sealed record HandoffChunk(string ChunkId, string Status, IReadOnlyList<string> Files);
