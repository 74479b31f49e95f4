using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Runs;

/// <summary>The contract's perChunk entry: <c>{ chunkId, ok, attempts, model, summary, testsPassed?, blocker? }</c>.</summary>
/// <param name="ChunkId">The chunk.</param>
/// <param name="Ok">Whether the last ladder run succeeded.</param>
/// <param name="Attempts">Attempts of the last ladder run (1..3).</param>
/// <param name="Model">Tier of the last attempt.</param>
/// <param name="Summary">The last executor summary (null when no valid answer).</param>
/// <param name="TestsPassed">Tests result, when known.</param>
/// <param name="Blocker">The failure reason, when !ok.</param>
public sealed record PerChunkResult(
    string ChunkId,
    bool Ok,
    int Attempts,
    ModelTier Model,
    string? Summary,
    bool? TestsPassed,
    string? Blocker);
