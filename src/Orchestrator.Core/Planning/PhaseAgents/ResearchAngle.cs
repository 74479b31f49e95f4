using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>One read-only research agent of the spec phase: what it looks at, and at which tier.</summary>
public sealed record ResearchAngle(string Name, string Focus, ModelTier Tier);
