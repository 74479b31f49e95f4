using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Runs;

/// <summary>The build loop input in the source shape: <c>{ description, plan, testsRequired, waves: [[chunk]] }</c>.</summary>
public sealed record BuildRunInput(
    string Description,
    string Plan,
    bool TestsRequired,
    IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves)
{
    /// <summary>Input from a flat chunk list (one wave; order comes from dependsOn only).</summary>
    public static BuildRunInput FromChunks(string description, string plan, bool testsRequired, IReadOnlyList<ChunkDefinition> chunks) =>
        new(description, plan, testsRequired, [chunks]);
}
