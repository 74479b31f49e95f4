namespace Orchestrator.Core.Sessions;

/// <summary>Who holds a session lock. The process start time tells a live owner from a new process that reused its pid.</summary>
public sealed record LockOwner(
    int Pid,
    string? ProcessStart,
    string Host,
    string OwnerId,
    DateTimeOffset AcquiredAt,
    DateTimeOffset HeartbeatAt);
