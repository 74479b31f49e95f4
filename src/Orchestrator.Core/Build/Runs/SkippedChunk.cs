namespace Orchestrator.Core.Build.Runs;

/// <summary>A chunk that never ran: <c>{ chunkId, reason }</c> ("dependency failed: c1, c2" or "budget exhausted: ...").</summary>
public sealed record SkippedChunk(string ChunkId, string Reason);
