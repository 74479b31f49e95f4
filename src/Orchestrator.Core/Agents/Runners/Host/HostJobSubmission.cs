namespace Orchestrator.Core.Agents.Runners.Host;

/// <summary>How the broker took an answer.</summary>
/// <param name="Job">The job answered (it is closed either way).</param>
/// <param name="Accepted">True when the answer fits the job's schema; false: the attempt failed with <paramref name="Problem"/>.</param>
/// <param name="Problem">The parser's reason when the answer does not fit.</param>
public sealed record HostJobSubmission(AgentJob Job, bool Accepted, string? Problem);
