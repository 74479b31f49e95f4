namespace Orchestrator.Core.Close.Verification;

/// <summary>The session's chunks classified against its runs, and the runs' evidence (metrics and clean-up read it too).</summary>
public sealed record VerifiedSession(PlanVerification Plan, IReadOnlyList<RunEvidence> Runs);
