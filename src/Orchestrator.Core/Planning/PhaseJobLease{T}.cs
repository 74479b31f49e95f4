namespace Orchestrator.Core.Planning;

/// <summary>A caller's hold on a phase job: the job, whether this call started it, and its progress subscription.</summary>
public sealed class PhaseJobLease<T>(PhaseJob<T> job, bool started, IDisposable? subscription) : IDisposable
{
    public PhaseJob<T> Job { get; } = job;

    public bool Started { get; } = started;

    public void Dispose() => subscription?.Dispose();
}
