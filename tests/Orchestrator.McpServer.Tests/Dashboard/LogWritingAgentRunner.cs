using Orchestrator.Core.Agents;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>Writes a raw log at the job's log path, as the real runners do, then lets the scripted runner answer.</summary>
internal sealed class LogWritingAgentRunner(IAgentRunner inner) : IAgentRunner
{
    public string Name => inner.Name;

    public static string LogText(AgentJob job) => $"raw agent output for {job.ChunkId ?? "review"} attempt {job.Attempt} ({job.Role}, {job.Tier})";

    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(job.LogPath)!);
        await File.WriteAllTextAsync(job.LogPath, LogText(job) + "\n", cancellationToken);
        return await inner.RunAsync(job, cancellationToken);
    }
}
