namespace Orchestrator.Core.Close.Commits;

/// <summary>What became of close's commits: the status, why (when not committed), and the commits made.</summary>
public sealed record CommitOutcome(CommitStatus Status, string? Reason, IReadOnlyList<CommitRecord> Commits)
{
    public static CommitOutcome Not(CommitStatus status, string? reason) => new(status, reason, []);
}
