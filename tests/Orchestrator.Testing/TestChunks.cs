using Orchestrator.Core.Planning;

namespace Orchestrator.Testing;

/// <summary>Short builders for chunk definitions in tests.</summary>
public static class TestChunks
{
    /// <summary>A chunk with a scope derived from its id.</summary>
    public static ChunkDefinition Chunk(
        string id,
        string[]? files = null,
        string? model = "sonnet",
        string[]? dependsOn = null,
        bool opusReview = false,
        bool tests = false,
        string? scope = null) => new()
        {
            Id = id,
            Scope = scope ?? $"implement {id}",
            Files = files ?? [$"src/{id}.cs"],
            Model = model,
            DependsOn = dependsOn,
            OpusReview = opusReview,
            Tests = tests,
        };

    /// <summary>The source shape from waves of chunks.</summary>
    public static IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves(params ChunkDefinition[][] waves) =>
        waves.Select(w => (IReadOnlyList<ChunkDefinition>)w).ToList();
}
