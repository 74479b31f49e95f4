namespace Orchestrator.Core.Build.Journal;

/// <summary>A chunk's state in a snapshot.</summary>
public enum ChunkRunState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}
