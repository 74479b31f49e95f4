using System.Collections.Concurrent;
using System.Text.Json;
using Orchestrator.Core.Agents;

namespace Orchestrator.Testing;

/// <summary>
/// An <see cref="IAgentRunner"/> that plays scripted answers per role, chunk and call number, and records every job
/// it received (prompts, tiers, order) and the highest number of jobs it ran at once.
/// </summary>
public sealed class ScriptedAgentRunner : IAgentRunner
{
    private readonly TimeProvider _timeProvider;
    private readonly List<(Func<AgentJob, bool> Match, ScriptedStep[] Steps)> _rules = [];
    private readonly ConcurrentDictionary<(AgentRole, string?), int> _calls = new();
    private readonly List<AgentJob> _jobs = [];
    private readonly List<(Func<AgentJob, bool> Match, TaskCompletionSource<AgentJob> Signal)> _waiters = [];
    private int _running;
    private int _maxConcurrent;

    /// <summary>Creates a runner; delays use <paramref name="timeProvider"/> (system time by default).</summary>
    public ScriptedAgentRunner(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => "scripted";

    /// <summary>Cost reported per call unless a step says otherwise.</summary>
    public decimal CostPerCall { get; init; }

    /// <summary>Delay of every call unless a step says otherwise (zero: answer at once).</summary>
    public TimeSpan DelayPerCall { get; init; }

    /// <summary>Per-job delay (e.g. per-chunk durations in benchmarks); overrides <see cref="DelayPerCall"/>.</summary>
    public Func<AgentJob, TimeSpan>? DelayFor { get; init; }

    /// <summary>When false, jobs are not recorded (benchmarks with many jobs).</summary>
    public bool RecordJobs { get; init; } = true;

    /// <summary>Every job received, in arrival order.</summary>
    public IReadOnlyList<AgentJob> Jobs
    {
        get
        {
            lock (_jobs)
            {
                return _jobs.ToList();
            }
        }
    }

    /// <summary>The most jobs that were running at the same time.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    /// <summary>Jobs of one role (and chunk, when given).</summary>
    public IReadOnlyList<AgentJob> JobsFor(AgentRole role, string? chunkId = null) =>
        Jobs.Where(j => j.Role == role && (chunkId is null || j.ChunkId == chunkId)).ToList();

    /// <summary>The executor of <paramref name="chunkId"/> answers steps[n-1] on its n-th call (the last step repeats).</summary>
    public ScriptedAgentRunner Executor(string chunkId, params ScriptedStep[] steps) =>
        When(j => j.Role == AgentRole.Executor && j.ChunkId == chunkId, steps);

    /// <summary>The per-chunk reviewer of <paramref name="chunkId"/> answers steps[n-1] on its n-th call.</summary>
    public ScriptedAgentRunner Reviewer(string chunkId, params ScriptedStep[] steps) =>
        When(j => j.Role == AgentRole.Reviewer && j.ChunkId == chunkId, steps);

    /// <summary>The opus reviewer answers steps[n-1] on its n-th call.</summary>
    public ScriptedAgentRunner OpusReviewer(params ScriptedStep[] steps) =>
        When(j => j.Role == AgentRole.OpusReviewer, steps);

    /// <summary>Jobs matching <paramref name="match"/> answer steps[n-1] on the n-th call of their role and chunk. First rule wins.</summary>
    public ScriptedAgentRunner When(Func<AgentJob, bool> match, params ScriptedStep[] steps)
    {
        if (steps.Length == 0)
        {
            throw new ArgumentException("give at least one step", nameof(steps));
        }

        lock (_rules)
        {
            _rules.Add((match, steps));
        }

        return this;
    }

    /// <summary>Completes when a job matching <paramref name="match"/> has been received (now or earlier).</summary>
    public Task<AgentJob> WaitForJobAsync(Func<AgentJob, bool> match)
    {
        lock (_jobs)
        {
            var seen = _jobs.FirstOrDefault(match);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            var signal = new TaskCompletionSource<AgentJob>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, signal));
            return signal.Task;
        }
    }

    /// <inheritdoc />
    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        var call = _calls.AddOrUpdate((job.Role, job.ChunkId), 1, (_, n) => n + 1);
        var step = Pick(job, call);
        Record(job);
        var running = Interlocked.Increment(ref _running);
        UpdateMax(running);
        var started = _timeProvider.GetTimestamp();
        try
        {
            if (step.Gate is not null)
            {
                await step.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var delay = step.Delay ?? DelayFor?.Invoke(job) ?? DelayPerCall;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var cost = step.Cost ?? CostPerCall;
            var tokens = new TokenUsage(1000, 200, 0, 0);
            switch (step.Kind)
            {
                case ScriptedStepKind.Output:
                    return new AgentOutcome(AgentOutcomeStatus.Completed, step.Output, null, cost, tokens, _timeProvider.GetElapsedTime(started), job.LogPath);
                case ScriptedStepKind.Garbage:
                    return new AgentOutcome(AgentOutcomeStatus.Completed, JsonSerializer.SerializeToElement(step.Text), null, cost, tokens, _timeProvider.GetElapsedTime(started), job.LogPath);
                case ScriptedStepKind.Fail:
                    return new AgentOutcome(AgentOutcomeStatus.Failed, null, step.Text, cost, tokens, _timeProvider.GetElapsedTime(started), job.LogPath);
                case ScriptedStepKind.Hang:
                    await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken).ConfigureAwait(false);
                    throw new InvalidOperationException("unreachable");
                case ScriptedStepKind.HangIgnoringCancellation:
                    await new TaskCompletionSource().Task.ConfigureAwait(false);
                    throw new InvalidOperationException("unreachable");
                default:
                    throw new InvalidOperationException(step.Text ?? "scripted runner failure");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new AgentOutcome(AgentOutcomeStatus.Cancelled, null, "cancelled", step.Cost ?? CostPerCall, TokenUsage.None, _timeProvider.GetElapsedTime(started), job.LogPath);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private ScriptedStep Pick(AgentJob job, int call)
    {
        lock (_rules)
        {
            foreach (var (match, steps) in _rules)
            {
                if (match(job))
                {
                    return steps[Math.Min(call, steps.Length) - 1];
                }
            }
        }

        return job.Role == AgentRole.Executor ? ScriptedStep.Done($"implemented {job.ChunkId}") : ScriptedStep.Clean();
    }

    private void Record(AgentJob job)
    {
        List<TaskCompletionSource<AgentJob>> ready = [];
        lock (_jobs)
        {
            if (RecordJobs)
            {
                _jobs.Add(job);
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(job))
                {
                    ready.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in ready)
        {
            signal.TrySetResult(job);
        }
    }

    private void UpdateMax(int running)
    {
        var current = Volatile.Read(ref _maxConcurrent);
        while (running > current)
        {
            var previous = Interlocked.CompareExchange(ref _maxConcurrent, running, current);
            if (previous == current)
            {
                return;
            }

            current = previous;
        }
    }
}
