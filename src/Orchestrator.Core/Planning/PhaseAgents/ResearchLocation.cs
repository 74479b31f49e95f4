namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>A code location a researcher points at.</summary>
public sealed record ResearchLocation(string File, int? Line, string Note);
