namespace Orchestrator.Core.Close;

/// <summary>What close is asked to do (the <c>close</c> tool's arguments).</summary>
public sealed record CloseRequest(string SessionId)
{
    /// <summary>Commit the done chunks' files (one commit per wave).</summary>
    public bool Commit { get; init; } = true;

    /// <summary>Push the branch to the push remote, then mirror it when a mirror remote exists.</summary>
    public bool Push { get; init; }

    /// <summary>File carryover (and failed-gate) issues in the configured tracker.</summary>
    public bool CreateIssues { get; init; } = true;

    /// <summary>Report what would happen; change nothing (no gate run, no issue, commit, ref or file change).</summary>
    public bool DryRun { get; init; }

    /// <summary>Commit even when the quality gate fails (the failure is still filed as a priority:high issue).</summary>
    public bool AllowFailingGate { get; init; }
}
