namespace Orchestrator.Bench;

/// <summary>
/// One benchmark run: the execution phase's wall time, per-attempt time outside the agent (from the journal), disk,
/// the CPU time of the child processes (git, and the agents' shells, which barely use any) and the load average when
/// it started. On a shared machine wall times follow the load; CPU seconds do not.
/// </summary>
internal sealed record IsolationRun(
    string Mode,
    int Files,
    TimeSpan Wall,
    IReadOnlyList<double> OverheadMs,
    IReadOnlyList<double> PrepareMs,
    int MaxConcurrentWorktrees,
    long ExtraDiskBytes,
    double ChildCpuSeconds,
    double LoadAtStart)
{
    public double MedianOverheadMs => Median(OverheadMs);

    public double MedianPrepareMs => Median(PrepareMs);

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
