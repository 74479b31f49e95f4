namespace Orchestrator.Core.Build.Verification;

/// <summary>The verifier's verdict on a chunk's tests: passed, failed, or unknown (null), with a detail for the journal.</summary>
public sealed record ChunkVerification(bool? TestsPassed, string? Detail);
