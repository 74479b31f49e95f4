
namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>The divider's proposal in the source shape.</summary>
public sealed record DividerOutput(IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves);
