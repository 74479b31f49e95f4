using Orchestrator.Core.Build.Runs;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>run.finished</c>: terminal (until a resume), written right after result.json.</summary>
public sealed record RunFinished : RunEvent
{
    public BuildRunStatus Status { get; init; } = BuildRunStatus.Completed;

    public string? StopReason { get; init; }

    public decimal CostUsd { get; init; }

    public long DurationMs { get; init; }
}
