namespace Orchestrator.Core.Close.Records;

/// <summary>One line of <c>.orchestrator/metrics/learnings.jsonl</c>: a pattern seen in sessions and how sure we are of it.</summary>
public sealed record LearningEntry
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string Subject { get; init; }
    public required string Insight { get; init; }
    public double Confidence { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public IReadOnlyList<string> Sessions { get; init; } = [];
}
