using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>A validated chunk: tier resolved, file paths normalised, dependencies made explicit.</summary>
/// <param name="Id">Unique, stable chunk id.</param>
/// <param name="Scope">One-line description of what the chunk implements.</param>
/// <param name="Files">Repository-relative paths the chunk owns, '/'-separated.</param>
/// <param name="Tier">The tier of the first attempt.</param>
/// <param name="Tests">Whether the chunk writes or updates tests.</param>
/// <param name="TestScope">Optional test guidance.</param>
/// <param name="OpusReview">Whether the chunk joins the opus review pass.</param>
/// <param name="Dependencies">Direct dependencies: dependsOn, or every chunk of earlier waves when it was omitted.</param>
/// <param name="Wave">Zero-based wave index in the source plan (0 for a flat chunk list).</param>
/// <param name="Order">Position in the plan (waves flattened), used for stable ordering of results.</param>
public sealed record PlannedChunk(
    string Id,
    string Scope,
    IReadOnlyList<string> Files,
    ModelTier Tier,
    bool Tests,
    string? TestScope,
    bool OpusReview,
    IReadOnlyList<string> Dependencies,
    int Wave,
    int Order);
