namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// The <c>type</c> discriminators of events.jsonl, one per record in <c>Build/Journal/Events/</c> (the records say
/// what each event carries).
/// </summary>
public static class RunEventTypes
{
    public const string RunStarted = "run.started";

    public const string RunResumed = "run.resumed";

    public const string PhaseChanged = "phase.changed";

    public const string AttemptStarted = "attempt.started";

    public const string AttemptFinished = "attempt.finished";

    public const string ChunkSucceeded = "chunk.succeeded";

    public const string ChunkFailed = "chunk.failed";

    public const string ChunkSkipped = "chunk.skipped";

    public const string ChunkCancelled = "chunk.cancelled";

    public const string ReviewFinished = "review.finished";

    public const string WorkspaceCleanupFailed = "workspace.cleanup_failed";

    public const string TestsFinished = "tests.finished";

    public const string RunFinished = "run.finished";
}
