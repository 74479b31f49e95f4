using System.Text.Json;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents.Runners.Host;

/// <summary>
/// The <c>host</c> runner's switchboard (one per server): a run's agent jobs wait here until the MCP client takes them
/// with agent_job_next, and each job's <see cref="IAgentRunner.RunAsync"/> waits until agent_job_submit answers it.
/// The answer is checked with <see cref="AgentOutputParser"/>, the parsing the engine uses for CLI output, so a host
/// job succeeds, fails and times out exactly like a CLI job.
/// </summary>
public sealed class HostJobBroker(TimeProvider timeProvider) : IHostJobBroker
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _runs = new(StringComparer.Ordinal);
    private readonly List<PendingHostJob> _pending = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <inheritdoc />
    public IAgentRunner RunnerFor(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        lock (_gate)
        {
            _runs.Add(runId);
        }

        return new HostAgentRunner(this, timeProvider);
    }

    /// <summary>True once a runner was handed out for <paramref name="runId"/> by this broker (this server process).</summary>
    public bool KnowsRun(string runId)
    {
        lock (_gate)
        {
            return _runs.Contains(runId);
        }
    }

    /// <summary>
    /// Hands out the run's oldest job that the host has not taken yet, waiting up to <paramref name="maxWait"/> for one
    /// to arrive. Each job is handed out once; an answer (or the job's timeout) ends it.
    /// </summary>
    public async Task<HostJobOffer> NextAsync(string runId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetTimestamp() + (long)(maxWait.TotalSeconds * timeProvider.TimestampFrequency);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var next = _pending.FirstOrDefault(p => p.Job.RunId == runId && !p.HandedOut);
                if (next is not null)
                {
                    next.HandedOut = true;
                }

                var offer = Offer(runId, next?.Job);
                if (next is not null)
                {
                    return offer;
                }

                var remaining = TimeSpan.FromSeconds((deadline - timeProvider.GetTimestamp()) / (double)timeProvider.TimestampFrequency);
                if (remaining <= TimeSpan.Zero)
                {
                    return offer;
                }

                changed = _changed.Task.WaitAsync(remaining, timeProvider, cancellationToken);
            }

            try
            {
                await changed.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop once more: the final look under the lock reports the counts as they are now.
            }
        }
    }

    /// <summary>
    /// Answers job <paramref name="jobId"/>. A well-formed answer completes the agent's attempt; a malformed one fails
    /// it with the parser's reason (<see cref="HostJobSubmission.Accepted"/> false), as a CLI's garbage output would.
    /// Unknown, answered, timed-out or withdrawn jobs are refused.
    /// </summary>
    public Outcome<HostJobSubmission> Submit(string jobId, JsonElement? output)
    {
        PendingHostJob? pending;
        lock (_gate)
        {
            pending = _pending.FirstOrDefault(p => p.Job.JobId == jobId);
            if (pending is not null)
            {
                _pending.Remove(pending);
            }
        }

        if (pending is null)
        {
            return Outcome<HostJobSubmission>.Failure(ErrorCode.InvalidArgument,
                $"No open agent job '{Common.InputEcho.Truncate(jobId)}' (job_id): it was already answered, timed out, or its run was cancelled or has ended. " +
                "Call agent_job_next with the run_id for the jobs waiting now, and answer each with the job_id it returned.");
        }

        var problem = Validate(pending.Job.Role, output);
        pending.Answer.TrySetResult(new HostAnswer(output, problem));
        return Outcome<HostJobSubmission>.Success(new HostJobSubmission(pending.Job, problem is null, problem));
    }

    /// <summary>Queues a job for the host; called by the run's <see cref="HostAgentRunner"/>.</summary>
    internal PendingHostJob Enqueue(AgentJob job)
    {
        var pending = new PendingHostJob(job);
        TaskCompletionSource wake;
        lock (_gate)
        {
            _runs.Add(job.RunId);
            _pending.Add(pending);
            wake = _changed;
            _changed = NewSignal();
        }

        wake.TrySetResult();
        return pending;
    }

    /// <summary>Removes a job nobody will wait for any more (its attempt timed out or its run was cancelled).</summary>
    internal void Withdraw(PendingHostJob pending)
    {
        lock (_gate)
        {
            _pending.Remove(pending);
        }
    }

    private HostJobOffer Offer(string runId, AgentJob? job)
    {
        var waiting = _pending.Count(p => p.Job.RunId == runId && !p.HandedOut);
        var running = _pending.Count(p => p.Job.RunId == runId && p.HandedOut) - (job is null ? 0 : 1);
        return new HostJobOffer(job, waiting, running);
    }

    private static string? Validate(AgentRole role, JsonElement? output) => role switch
    {
        AgentRole.Executor => AgentOutputParser.ParseExecutor(output).Error,
        AgentRole.Reviewer or AgentRole.OpusReviewer => AgentOutputParser.ParseReviewer(output).Error,
        _ => output is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? AgentOutputParser.NoResult : null,
    };

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
