using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;

namespace Orchestrator.Core.Build.Verification;

/// <summary>What a run recorded about one chunk, the input of <see cref="ChunkVerdictRule"/>.</summary>
/// <param name="ChunkId">The chunk.</param>
/// <param name="State">How its ladder ended (the agent's answer, the diff and the scope check are already folded in).</param>
/// <param name="Attempts">Attempts of its last ladder run.</param>
/// <param name="TestsPassed">The server-run tests (or the agent's claim when the server could not run them).</param>
/// <param name="OpenBlockers">Review blockers still open for the chunk.</param>
/// <param name="Blocker">Why its last attempt failed.</param>
/// <param name="SkipReason">Why it was skipped.</param>
/// <param name="FilesChanged">Files its applied change touched (from the diff).</param>
public sealed record ChunkEvidence(
    string ChunkId,
    ChunkRunState State,
    int Attempts,
    bool? TestsPassed,
    IReadOnlyList<ReviewFinding> OpenBlockers,
    string? Blocker,
    string? SkipReason,
    IReadOnlyList<string> FilesChanged)
{
    /// <summary>The evidence of a folded chunk, with the run's current findings.</summary>
    public static ChunkEvidence Of(ChunkSnapshot chunk, IEnumerable<ReviewFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(findings);
        var blockers = findings.Where(f => f.ChunkId == chunk.Id && f.Severity == FindingSeverity.Blocker).ToList();
        return new ChunkEvidence(chunk.Id, chunk.State, chunk.Attempts, chunk.TestsPassed, blockers, chunk.Blocker, chunk.SkipReason, chunk.FilesChanged);
    }
}
