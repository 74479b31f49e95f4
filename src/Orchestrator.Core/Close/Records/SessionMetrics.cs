using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.QualityGate;

namespace Orchestrator.Core.Close.Records;

/// <summary>
/// One line of <c>.orchestrator/metrics/sessions.jsonl</c> (snake_case): the source's session metrics plus cost and
/// tokens per tier.
/// </summary>
public sealed record SessionMetrics
{
    public required string SessionId { get; init; }
    public required string SessionType { get; init; }
    public required string Branch { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset EndedAt { get; init; }
    public double DurationSeconds { get; init; }
    public int TotalWaves { get; init; }
    public int Runs { get; init; }
    public int AgentsDispatched { get; init; }
    public int ChunksDone { get; init; }
    public int ChunksPartial { get; init; }
    public int ChunksFailed { get; init; }
    public int ChunksNotStarted { get; init; }
    public int FilesChanged { get; init; }
    public int IssuesClosed { get; init; }
    public int IssuesCreated { get; init; }
    public GateCheckStatus Tests { get; init; } = GateCheckStatus.NotRun;
    public QualityGateStatus Gate { get; init; } = QualityGateStatus.NotRun;
    public int Commits { get; init; }
    public PushStatus Mirror { get; init; } = PushStatus.Skipped;
    public double CompletionRate { get; init; }
    public double CarryoverRatio { get; init; }
    public int ScopeViolations { get; init; }
    public decimal CostUsd { get; init; }
    public long TotalTokens { get; init; }
    public IReadOnlyDictionary<string, TierUsage> Tiers { get; init; } = new Dictionary<string, TierUsage>();

    /// <summary>The same per wave (DAG level), first wave first.</summary>
    public IReadOnlyList<WaveMetrics> Waves { get; init; } = [];
}
