using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>
/// One spec, plan, divide or close job the server owns (not the tool call that started it): it runs to the end and
/// persists its documents even if no caller waits, and its outcome is kept until a caller collects it.
/// </summary>
public sealed class PhaseJob
{
    private readonly Lock sync = new();
    private readonly List<IProgress<string>> listeners = [];
    private string? lastProgress;
    private Task<Outcome<object>>? completion;

    internal PhaseJob(string key, string phase, string? arguments)
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

    /// <summary>Completes with the phase's outcome; never faults.</summary>
    public Task<Outcome<object>> Completion => completion ?? throw new InvalidOperationException("the job has not started");

    public bool IsFinished => completion?.IsCompleted == true;

    /// <summary>The last progress message the job reported (e.g. "research: 1/3 angles done").</summary>
    public string? LastProgress
    {
        get
        {
            lock (sync)
            {
                return lastProgress;
            }
        }
    }

    internal void Start(Task<Outcome<object>> work) => completion = work;

    /// <summary>Forwards the job's progress messages to <paramref name="listener"/> until disposed (the last one at once, if any).</summary>
    public IDisposable Listen(IProgress<string> listener, bool replayLast = true)
    {
        ArgumentNullException.ThrowIfNull(listener);
        string? replay;
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

    internal void Report(string message)
    {
        IProgress<string>[] current;
        lock (sync)
        {
            lastProgress = message;
            current = listeners.ToArray();
        }

        foreach (var listener in current)
        {
            listener.Report(message);
        }
    }

    private void Remove(IProgress<string> listener)
    {
        lock (sync)
        {
            listeners.Remove(listener);
        }
    }

    private sealed class Subscription(PhaseJob job, IProgress<string> listener) : IDisposable
    {
        public void Dispose() => job.Remove(listener);
    }

    /// <summary>The job's progress sink handed to the phase service.</summary>
    internal sealed class Relay(PhaseJob job) : IProgress<string>
    {
        public void Report(string value) => job.Report(value);
    }
}
