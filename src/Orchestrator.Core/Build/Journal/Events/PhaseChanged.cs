namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>phase.changed</c>: the run enters execute, review or a fix iteration.</summary>
public sealed record PhaseChanged : RunEvent
{
    /// <summary>"execute", "review" or "fix".</summary>
    public string Phase { get; init; } = string.Empty;

    /// <summary>Review fix iteration (0 for execute and the first review).</summary>
    public int Iteration { get; init; }
}
