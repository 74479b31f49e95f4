namespace Orchestrator.Core.Close.Records;

/// <summary>One wave (DAG level) in the session's metrics: its chunks, how many finished, the agent attempts and what they cost.</summary>
public sealed record WaveMetrics(int Wave, int Chunks, int Done, int Attempts, decimal CostUsd);
