namespace Orchestrator.Core.Close.Safety;

/// <summary>
/// The session end's safety review (informational): chunks whose agents completed, left partial work, spiralled
/// (three or more attempts, or a timed-out one, without finishing) or failed; scope violations; runs that went without
/// per-chunk isolation.
/// </summary>
public sealed record SafetyReview(
    IReadOnlyList<string> Complete,
    IReadOnlyList<string> Partial,
    IReadOnlyList<string> Spiral,
    IReadOnlyList<string> Failed,
    IReadOnlyList<string> ScopeViolations,
    IReadOnlyList<string> IsolationFallbacks)
{
    public static SafetyReview Empty { get; } = new([], [], [], [], [], []);
}
