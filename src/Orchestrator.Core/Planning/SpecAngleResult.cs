namespace Orchestrator.Core.Planning;

/// <summary>How one research angle went.</summary>
public sealed record SpecAngleResult(string Name, string Model, bool Ok, string Summary);
