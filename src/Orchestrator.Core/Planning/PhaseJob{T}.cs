using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>A phase job whose outcome is a <typeparamref name="T"/> (a spec, a plan, a chunk plan, a close report).</summary>
public sealed class PhaseJob<T> : PhaseJob
{
    private Task<Outcome<T>>? completion;

    internal PhaseJob(string key, string phase, string? arguments)
        : base(key, phase, arguments)
    {
    }

    /// <summary>Completes with the phase's outcome; never faults.</summary>
    public Task<Outcome<T>> Completion => completion ?? throw new InvalidOperationException("the job has not started");

    public override bool IsFinished => completion?.IsCompleted == true;

    internal void Start(Task<Outcome<T>> work) => completion = work;
}
