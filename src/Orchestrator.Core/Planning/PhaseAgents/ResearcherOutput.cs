namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>A researcher's answer.</summary>
public sealed record ResearcherOutput(
    string Summary,
    IReadOnlyList<ResearchLocation>? Locations,
    IReadOnlyList<string>? Conventions,
    IReadOnlyList<string>? Constraints,
    bool? CorrectnessCritical);
