using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>How a chunk's escalation ladder ended.</summary>
internal sealed record LadderResult(
    ChunkRunState State,
    int Attempts,
    ModelTier Tier,
    ExecutorOutput? LastOutput,
    string? Blocker,
    IReadOnlyList<string> FilesChanged,
    bool? TestsPassed,
    bool BudgetStop)
{
    public bool Ok => State == ChunkRunState.Succeeded;

    /// <summary>The last attempt's claim that did not match its diff, for the reviewer.</summary>
    public string? Discrepancy { get; init; }

    /// <summary>An infrastructure failure paused the run before the chunk finished: not a failure of the chunk.</summary>
    public bool Paused { get; init; }
}
