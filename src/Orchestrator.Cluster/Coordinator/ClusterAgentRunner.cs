using System.Text.Json;
using Orchestrator.Cluster.Contracts;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Options;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// Runs a build's agent job on a cluster worker instead of this machine. The job's working directory (the chunk's
/// worktree, or the session tree for a reviewer) travels as a commit pushed to the cluster's git remote; the worker's
/// result comes back as a commit whose changes are written into that same directory, so the build loop's scope check,
/// three-way apply, verification and journal see exactly what a local agent would have left. A worker that membership
/// declares dead under the job is an infrastructure failure: the job is placed again on another worker and the engine
/// still sees one attempt (the lost workers are reported with the outcome).
/// </summary>
internal sealed class ClusterAgentRunner(
    RunnerKind kind,
    OrchestratorOptions options,
    string sessionId,
    WorkerPlacer placer,
    AttemptGitTransport transport,
    ClusterBoard board) : IAgentRunner
{
    public string Name => $"cluster:{RunnerKinds.Name(kind)}";

    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = DateTimeOffset.UtcNow;
        var folder = ClusterRefs.Folder(sessionId, job.RunId, job.JobId);
        var baseRef = ClusterRefs.Base(folder);
        var sentRefs = new List<string> { baseRef };
        string remote;
        string baseCommit;
        try
        {
            remote = options.Cluster?.GitRemote is { Length: > 0 } configured ? configured : await transport.OwnRepositoryUrlAsync(job.WorkingDirectory, cancellationToken).ConfigureAwait(false);
            baseCommit = await transport.SendAsync(job.WorkingDirectory, remote, baseRef, LinkedFolders(job.WorkingDirectory), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failed($"could not send the attempt to the cluster: {ex.Message}", started, null, []);
        }

        var lost = new List<string>();
        try
        {
            for (var placement = 1; ; placement++)
            {
                var resultRef = ClusterRefs.Result(folder, placement);
                sentRefs.Add(resultRef);
                var request = new PlacementRequest(WorkerJobFor(job, placement, remote, baseRef, baseCommit, resultRef), job, RunnerKinds.Name(kind),
                    options.Cluster?.RequireLabels ?? [], [.. lost]);
                var placed = await placer.RunAsync(request, cancellationToken).ConfigureAwait(false);
                if (placed.Refusal is { } refusal)
                {
                    return Failed($"no cluster worker can run this job: {refusal}", started, null, lost);
                }

                if (placed.Lost)
                {
                    lost.Add(placed.Worker!.Name);
                    continue;
                }

                return await ReceiveAsync(job, placed.Worker!.Name, placed.Result!, remote, resultRef, baseCommit, lost, started, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            board.Remove(job.JobId);
            await transport.DeleteRemoteRefsAsync(job.WorkingDirectory, remote, sentRefs).ConfigureAwait(false);
        }
    }

    private async Task<AgentOutcome> ReceiveAsync(AgentJob job, string worker, WorkerJobResult result, string remote, string resultRef, string baseCommit,
        IReadOnlyList<string> lost, DateTimeOffset started, CancellationToken cancellationToken)
    {
        WriteLog(job.LogPath, result.Log);
        var status = Enum.TryParse<AgentOutcomeStatus>(result.Status, out var parsed) ? parsed : AgentOutcomeStatus.Failed;
        if (status == AgentOutcomeStatus.Completed && job.Role == AgentRole.Executor && result.ResultCommit is { } commit)
        {
            try
            {
                await transport.ReceiveAsync(job.WorkingDirectory, remote, resultRef, baseCommit, commit, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Failed($"the result from worker {worker} could not be brought back: {ex.Message}", started, worker, lost);
            }
        }

        JsonElement? output = null;
        if (result.StructuredOutputJson is { } json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                output = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Left null: the engine reports the missing answer like any agent that returned none.
            }
        }

        return new AgentOutcome(status, output, result.FailureReason, result.CostUsd,
            new TokenUsage(result.InputTokens, result.OutputTokens, result.CacheReadTokens, result.CacheWriteTokens),
            TimeSpan.FromMilliseconds(result.DurationMs), job.LogPath)
        {
            Worker = worker,
            LostWorkers = lost,
        };
    }

    private WorkerJob WorkerJobFor(AgentJob job, int placement, string remote, string baseRef, string baseCommit, string resultRef) =>
        new($"{job.JobId}#{placement}", job.RunId, job.Role.ToString(), job.Tier.ToString(), job.Prompt, job.OutputSchemaJson, job.Timeout, job.ChunkId, job.Attempt,
            RunnerKinds.Name(kind), JsonSerializer.Serialize(options.Runners, ClusterJson.Options), remote, baseRef, baseCommit, resultRef);

    /// <summary>The heavy folders the worktree isolation linked in (symlinks git would otherwise record).</summary>
    private List<string> LinkedFolders(string workingDirectory) =>
        [.. options.SymlinkFolders.Where(f => f.Length > 0 && !f.Contains("..", StringComparison.Ordinal) && !Path.IsPathRooted(f)
            && new DirectoryInfo(Path.Combine(workingDirectory, f)).LinkTarget is not null)];

    private static void WriteLog(string path, string? log)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, log ?? "");
        }
        catch (IOException)
        {
            // The log is a convenience; the outcome stands without it.
        }
    }

    private static AgentOutcome Failed(string reason, DateTimeOffset started, string? worker, IReadOnlyList<string> lost) =>
        new(AgentOutcomeStatus.Failed, null, reason, 0m, TokenUsage.None, DateTimeOffset.UtcNow - started, null) { Worker = worker, LostWorkers = [.. lost] };
}
