using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Verification;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// A run as build_status shows it: status (<see cref="RunStatus"/>), phase, chunks, the
/// events after the caller's cursor and the next cursor.
/// </summary>
public sealed record RunStatusView(
    string RunId,
    string? SessionId,
    RunStatus Status,
    string Phase,
    int Iteration,
    IReadOnlyList<ChunkSnapshot> Chunks,
    IReadOnlyList<RunEvent> Events,
    long NextEvent,
    decimal CostUsd,
    string? StopReason)
{
    public bool IsFinished => RunStatusRule.IsFinished(Status);

    /// <summary>Every chunk's verdict so far (<see cref="ChunkVerdictRule"/>).</summary>
    public IReadOnlyList<ChunkJudgement> Verdicts { get; init; } = [];
}
