using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Verification;

namespace Orchestrator.Core.Close.Verification;

/// <summary>Plan verification of one chunk: done, partial, failed or not started, with the evidence.</summary>
/// <param name="ChunkId">The chunk.</param>
/// <param name="Scope">What it was to implement.</param>
/// <param name="Files">The files it owns.</param>
/// <param name="Wave">Its wave (DAG level) in the plan, 1-based.</param>
/// <param name="Status">Done, partial, failed (all attempts failed) or not started.</param>
/// <param name="Evidence">Why: run, attempts, tier, tests, files.</param>
/// <param name="RunId">The run whose outcome counts (the latest that ran the chunk).</param>
/// <param name="Attempts">Attempts of the last ladder run.</param>
/// <param name="Model">Tier of the last attempt (or the planned one).</param>
/// <param name="TestsPassed">Test outcome when known.</param>
/// <param name="Summary">The executor's last summary.</param>
/// <param name="Blocker">Why it failed or was skipped.</param>
/// <param name="FilesChanged">Files the chunk changed (as the run recorded).</param>
/// <param name="OpenFindings">Unresolved blockers and concerns of the review.</param>
/// <param name="DependsOn">Its dependencies.</param>
public sealed record ChunkVerdict(
    string ChunkId,
    string Scope,
    IReadOnlyList<string> Files,
    int Wave,
    ChunkVerdictStatus Status,
    string Evidence,
    string? RunId,
    int Attempts,
    string Model,
    bool? TestsPassed,
    string? Summary,
    string? Blocker,
    IReadOnlyList<string> FilesChanged,
    IReadOnlyList<ReviewFinding> OpenFindings,
    IReadOnlyList<string> DependsOn)
{
    public bool IsDone => Status == ChunkVerdictStatus.Done;
}
