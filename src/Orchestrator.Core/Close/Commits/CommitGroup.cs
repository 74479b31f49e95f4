namespace Orchestrator.Core.Close.Commits;

/// <summary>One planned commit: a logical unit (the done chunks of one wave), the files it stages one by one, and its message.</summary>
public sealed record CommitGroup(int Wave, IReadOnlyList<string> ChunkIds, IReadOnlyList<string> Files, string Message)
{
    public string Subject => Message.Split('\n')[0];
}
