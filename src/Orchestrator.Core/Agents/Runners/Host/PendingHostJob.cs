namespace Orchestrator.Core.Agents.Runners.Host;

/// <summary>A job waiting in the <see cref="HostJobBroker"/>: handed out to the host or not yet, and its answer to come.</summary>
internal sealed class PendingHostJob(AgentJob job)
{
    public AgentJob Job { get; } = job;

    /// <summary>Set under the broker's lock once agent_job_next returned the job.</summary>
    public bool HandedOut { get; set; }

    public TaskCompletionSource<HostAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
