namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>workspace.preparing</c>: before an executor attempt's workspace is made, so the time it takes is visible.</summary>
public sealed record WorkspacePreparing : RunEvent
{
    /// <summary>The attempt's identity across resumes (e.g. <c>exec:0:c1:1</c>).</summary>
    public string Key { get; init; } = string.Empty;

    public string ChunkId { get; init; } = string.Empty;

    /// <summary>1-based ladder attempt.</summary>
    public int Attempt { get; init; } = 1;
}
