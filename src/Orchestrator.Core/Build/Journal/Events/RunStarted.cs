using System.Text.Json.Serialization;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary>
/// <c>run.started</c>, always seq 1: everything the run executes, so the journal alone can rebuild and resume it.
/// <see cref="Input"/>, <see cref="Chunks"/> and <see cref="Options"/> read as null when unreadable (a resume then
/// fails with that reason) rather than losing the line.
/// </summary>
public sealed record RunStarted : RunEvent
{
    public string RunId { get; init; } = string.Empty;

    /// <summary>The session tree the run works in.</summary>
    public string WorkingDirectory { get; init; } = string.Empty;

    /// <summary>The raw input as the caller gave it (description, plan, testsRequired, waves).</summary>
    [JsonConverter(typeof(LenientJsonConverter<BuildRunInput>))]
    public BuildRunInput? Input { get; init; }

    /// <summary>The validated chunks (tiers and dependencies resolved); null when the plan is invalid.</summary>
    [JsonConverter(typeof(LenientJsonConverter<IReadOnlyList<PlannedChunk>>))]
    public IReadOnlyList<PlannedChunk>? Chunks { get; init; }

    [JsonConverter(typeof(LenientJsonConverter<BuildOptions>))]
    public BuildOptions? Options { get; init; }
}
