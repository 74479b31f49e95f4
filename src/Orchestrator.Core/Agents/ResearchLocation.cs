namespace Orchestrator.Core.Agents;

/// <summary>A code location a researcher points at.</summary>
public sealed record ResearchLocation(string File, int? Line, string Note);
