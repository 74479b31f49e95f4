namespace Orchestrator.Core.Sessions;

/// <summary>An unfinished earlier session of the repository that can be continued with its id.</summary>
public sealed record ResumableSession(
    string SessionId,
    string Description,
    string Phase,
    string Status,
    string Branch,
    string WorkTree,
    DateTimeOffset StartedAt,
    DateTimeOffset? Updated,
    int? LockedByPid);
