namespace Orchestrator.Core.Planning;

/// <summary>
/// One chunk exactly as a plan states it (source field names: id, scope, files, model, tests, testScope, opusReview,
/// dependsOn). Unvalidated: <see cref="ChunkPlanValidator"/> turns definitions into a <see cref="ChunkPlan"/>.
/// </summary>
public sealed record ChunkDefinition
{
    public string? Id { get; init; }

    public string? Scope { get; init; }

    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>"haiku", "sonnet" or "opus"; null means sonnet. Anything else is rejected by the validator.</summary>
    public string? Model { get; init; }

    public bool Tests { get; init; }

    public string? TestScope { get; init; }

    /// <summary>Null (omitted): divide sets it where <see cref="OpusReviewAdvisor"/> flags the chunk; false keeps it off.</summary>
    public bool? OpusReview { get; init; }

    /// <summary>Null (omitted) means: depends on every chunk of earlier waves. An empty list means: no dependencies.</summary>
    public IReadOnlyList<string>? DependsOn { get; init; }
}
