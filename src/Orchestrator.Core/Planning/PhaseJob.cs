namespace Orchestrator.Core.Planning;

/// <summary>
/// One spec, plan, divide or close job the server owns (not the tool call that started it): it runs to the end and
/// persists its documents even if no caller waits, and its outcome is kept until a caller collects it. This base holds
/// what every job has (phase, arguments, progress); <see cref="PhaseJob{T}"/> adds the typed outcome.
/// </summary>
public abstract class PhaseJob
{
    private readonly Lock sync = new();
    private readonly List<IProgress<JobProgress>> listeners = [];
    private JobProgress? lastProgress;

    private protected PhaseJob(string key, string phase, string? arguments)
    {
        Key = key;
        Phase = phase;
        Arguments = arguments;
    }

    /// <summary>The registry key (project and session).</summary>
    internal string Key { get; }

    /// <summary>spec, plan, divide or close.</summary>
    public string Phase { get; }

    /// <summary>What the job was started with (null: the defaults); a different request is a different job.</summary>
    public string? Arguments { get; }

    public abstract bool IsFinished { get; }

    /// <summary>The last progress the job reported (e.g. "research: 1/3 angles done", step 1 of 3).</summary>
    public JobProgress? LastProgress
    {
        get
        {
            lock (sync)
            {
                return lastProgress;
            }
        }
    }

    /// <summary>Forwards the job's progress to <paramref name="listener"/> until disposed (the last one at once, if any).</summary>
    public IDisposable Listen(IProgress<JobProgress> listener, bool replayLast = true)
    {
        ArgumentNullException.ThrowIfNull(listener);
        JobProgress? replay;
        lock (sync)
        {
            listeners.Add(listener);
            replay = replayLast ? lastProgress : null;
        }

        if (replay is not null)
        {
            listener.Report(replay);
        }

        return new Subscription(this, listener);
    }

    internal void Report(JobProgress progress)
    {
        IProgress<JobProgress>[] current;
        lock (sync)
        {
            lastProgress = progress;
            current = listeners.ToArray();
        }

        foreach (var listener in current)
        {
            listener.Report(progress);
        }
    }

    private void Remove(IProgress<JobProgress> listener)
    {
        lock (sync)
        {
            listeners.Remove(listener);
        }
    }

    private sealed class Subscription(PhaseJob job, IProgress<JobProgress> listener) : IDisposable
    {
        public void Dispose() => job.Remove(listener);
    }

    /// <summary>The job's progress sink handed to the phase service.</summary>
    internal sealed class Relay(PhaseJob job) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => job.Report(value);
    }
}
