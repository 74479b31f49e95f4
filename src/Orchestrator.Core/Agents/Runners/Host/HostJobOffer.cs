namespace Orchestrator.Core.Agents.Runners.Host;

/// <summary>What agent_job_next hands the host: a job (or none yet) and how many of the run's jobs are waiting or out.</summary>
/// <param name="Job">The job the host should dispatch now; null when none was waiting.</param>
/// <param name="Waiting">The run's jobs still waiting to be handed out (after this one).</param>
/// <param name="Running">The run's jobs handed out earlier and not answered yet.</param>
public sealed record HostJobOffer(AgentJob? Job, int Waiting, int Running);
