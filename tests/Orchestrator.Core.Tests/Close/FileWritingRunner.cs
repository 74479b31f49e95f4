using Orchestrator.Core.Agents;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Close;

/// <summary>A scripted runner whose executors also write files into their working tree, as a real agent would.</summary>
internal sealed class FileWritingRunner(ScriptedAgentRunner inner, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> filesByChunk) : IAgentRunner
{
    public string Name => inner.Name;

    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        if (job.Role == AgentRole.Executor && job.ChunkId is { } chunk && filesByChunk.TryGetValue(chunk, out var files))
        {
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(job.WorkingDirectory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, content, cancellationToken);
            }
        }

        return await inner.RunAsync(job, cancellationToken);
    }
}
