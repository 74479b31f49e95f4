using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Agents;

/// <summary>The divider's proposal in the source shape.</summary>
public sealed record DividerOutput(IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves);
