namespace Orchestrator.Core.Build.Scheduling;

/// <summary>How chunks are released.</summary>
public enum SchedulingMode
{
    /// <summary>A chunk starts as soon as its dependencies succeeded (the default).</summary>
    Dag,

    /// <summary>The source's barrier: every chunk of wave N finishes before wave N+1 starts. Kept for comparison.</summary>
    Waves,
}
