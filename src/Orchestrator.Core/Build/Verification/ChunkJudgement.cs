namespace Orchestrator.Core.Build.Verification;

/// <summary>A chunk's verdict and, unless it is done, why.</summary>
/// <param name="ChunkId">The chunk.</param>
/// <param name="Status">Done, partial, failed or not started.</param>
/// <param name="Attempts">Attempts of its last ladder run.</param>
/// <param name="Reason">Why it is not done (null when done).</param>
public sealed record ChunkJudgement(string ChunkId, ChunkVerdictStatus Status, int Attempts, string? Reason)
{
    public bool IsDone => Status == ChunkVerdictStatus.Done;
}
