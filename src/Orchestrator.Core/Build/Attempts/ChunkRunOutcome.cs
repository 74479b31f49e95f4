using Orchestrator.Core.Build.Journal;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>How one chunk ended in the scheduler: succeeded, failed, skipped (with reason) or cancelled.</summary>
internal sealed record ChunkRunOutcome(ChunkRunState State, string? Reason = null, bool BudgetStop = false)
{
    public static ChunkRunOutcome Succeeded { get; } = new(ChunkRunState.Succeeded);

    public static ChunkRunOutcome Cancelled { get; } = new(ChunkRunState.Cancelled);
}
