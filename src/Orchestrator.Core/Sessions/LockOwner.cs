namespace Orchestrator.Core.Sessions;

/// <summary>
/// Who holds a session (or run) lock. The process start time tells a live owner from a new process that reused its pid;
/// <see cref="Holder"/> says what the process is (e.g. a build run's worker), for refusal messages.
/// </summary>
public sealed record LockOwner(
    int Pid,
    string? ProcessStart,
    string Host,
    string OwnerId,
    DateTimeOffset AcquiredAt,
    DateTimeOffset HeartbeatAt,
    string? Holder = null);
