namespace Orchestrator.Core.Planning;

/// <summary>A chunk that warrants the opus review pass, and why.</summary>
public sealed record OpusReviewSuggestion(string ChunkId, string Reason);
