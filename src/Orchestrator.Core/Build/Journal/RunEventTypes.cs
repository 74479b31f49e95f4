namespace Orchestrator.Core.Build.Journal;

/// <summary>The event types of events.jsonl.</summary>
public static class RunEventTypes
{
    /// <summary>First event: runId, workingDirectory, input (description, plan, testsRequired, waves), options.</summary>
    public const string RunStarted = "run.started";

    public const string RunResumed = "run.resumed";

    /// <summary>phase ("execute", "review", "fix"), iteration.</summary>
    public const string PhaseChanged = "phase.changed";

    /// <summary>Durable before the agent is dispatched: key, jobId, chunkId, attempt, role, tier, iteration, logPath.</summary>
    public const string AttemptStarted = "attempt.started";

    /// <summary>key, outcome, reason, costUsd, tokens, durationMs, executor/findings, filesChanged, testsPassed, scopeViolations.</summary>
    public const string AttemptFinished = "attempt.finished";

    public const string ChunkSucceeded = "chunk.succeeded";

    public const string ChunkFailed = "chunk.failed";

    public const string ChunkSkipped = "chunk.skipped";

    public const string ChunkCancelled = "chunk.cancelled";

    /// <summary>iteration, chunkIds reviewed, findings (replace those chunks' findings), unassigned, reviewed (ids with a valid review).</summary>
    public const string ReviewFinished = "review.finished";

    /// <summary>Before an executor attempt's workspace is made: key, chunkId, attempt.</summary>
    public const string WorkspacePreparing = "workspace.preparing";

    /// <summary>The workspace is ready (attempt.started follows): key, chunkId, attempt, workspace, kind, durationMs.</summary>
    public const string WorkspaceReady = "workspace.ready";

    /// <summary>
    /// The attempt's change was checked, applied and verified and its workspace given back (or discarded): key,
    /// chunkId, attempt, discarded, agentMs (the agent's run), afterAgentMs (everything after the agent up to here).
    /// </summary>
    public const string WorkspaceReleased = "workspace.released";

    /// <summary>A workspace (chunk worktree) could not be removed: chunkId, workspace, reason. The janitor retries later.</summary>
    public const string WorkspaceCleanupFailed = "workspace.cleanup_failed";

    /// <summary>The server ran the test command over the whole session tree at the end: passed, detail.</summary>
    public const string TestsFinished = "tests.finished";

    /// <summary>Terminal: status, stopReason, costUsd, durationMs.</summary>
    public const string RunFinished = "run.finished";
}
