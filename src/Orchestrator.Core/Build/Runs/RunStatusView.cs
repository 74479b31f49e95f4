using Orchestrator.Core.Build.Journal;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// A run as build_status shows it: status (running, completed, failed, cancelled, interrupted), phase, chunks, the
/// events after the caller's cursor and the next cursor.
/// </summary>
public sealed record RunStatusView(
    string RunId,
    string? SessionId,
    string Status,
    string Phase,
    int Iteration,
    IReadOnlyList<ChunkSnapshot> Chunks,
    IReadOnlyList<RunEvent> Events,
    long NextEvent,
    decimal CostUsd,
    string? StopReason)
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";

    public bool IsFinished => Status is Completed or Failed or Cancelled;
}
