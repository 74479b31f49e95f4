namespace Orchestrator.Bench;

/// <summary>One scheduler run: the execution phase's wall time and how many agents were dispatched.</summary>
internal sealed record MakespanMeasurement(string Label, TimeSpan Makespan, TimeSpan WallTime, int Dispatches, int MaxConcurrent);
