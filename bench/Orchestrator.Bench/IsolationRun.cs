namespace Orchestrator.Bench;

/// <summary>
/// One benchmark run: the execution phase's wall time (and the whole run's, reviewers included), per-attempt time
/// outside the agent (from the journal), the review trees' preparation and release, disk, the CPU time of every child
/// process of the run (git for executors and reviewers, and the agents' shells, which barely use any) and the load
/// average when it started. On a shared machine wall times follow the load; CPU seconds do not.
/// </summary>
internal sealed record IsolationRun(
    string Mode,
    int Files,
    TimeSpan Wall,
    TimeSpan WallWithReviews,
    IReadOnlyList<double> OverheadMs,
    IReadOnlyList<double> PrepareMs,
    IReadOnlyList<double> ReviewTreeMs,
    int MaxConcurrentWorktrees,
    long ExtraDiskBytes,
    double ChildCpuSeconds,
    double LoadAtStart)
{
    public double MedianOverheadMs => Median(OverheadMs);

    public double MedianPrepareMs => Median(PrepareMs);

    /// <summary>Median of a review tree's preparation plus its release (0 when the isolation has no review trees).</summary>
    public double MedianReviewTreeMs => Median(ReviewTreeMs);

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
