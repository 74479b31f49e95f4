namespace Orchestrator.Core.Planning;

/// <summary>The spec phase's outcome: the rough spec (saved as spec.md) and each angle's result.</summary>
public sealed record SpecResult(string RoughSpec, IReadOnlyList<SpecAngleResult> Angles, bool CorrectnessCritical, decimal CostUsd);
