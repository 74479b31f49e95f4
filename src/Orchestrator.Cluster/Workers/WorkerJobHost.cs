using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Cluster.Contracts;
using Orchestrator.Cluster.Coordinator;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Cluster.Workers;

/// <summary>
/// Runs a worker's agent jobs beside its grain (a grain turn never waits for an agent): capacity, one background task
/// per job with its own cancellation, the finished results until the coordinator has taken them.
/// </summary>
internal sealed partial class WorkerJobHost(WorkerOptions options, IProcessRunner processRunner, ILogger<WorkerJobHost> logger)
{
    private const int MaxLogChars = 256 * 1024;

    private readonly ConcurrentDictionary<string, RunningJob> _jobs = new(StringComparer.Ordinal);
    private readonly WorkerGitMirror _mirror = new(new GitCli(processRunner), options.WorkDirectory, options.MaxAgents);
    private readonly string[] _runners = WorkerRunnerProbe.Find();
    private readonly Lock _startLock = new();

    public WorkerDescription Describe(string address) =>
        new(options.Name, address, options.MaxAgents, Running, _runners, new Dictionary<string, string>(options.Labels), Environment.MachineName);

    private int Running => _jobs.Values.Count(j => !j.Task.IsCompleted);

    public JobAcceptance Start(WorkerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var runner = CreateRunner(job);
        if (!runner.Succeeded)
        {
            return new JobAcceptance(JobAcceptanceKind.Unsupported, $"worker {options.Name}: {runner.Error.Message}");
        }

        lock (_startLock)
        {
            if (_jobs.ContainsKey(job.JobId))
            {
                return JobAcceptance.Accepted;
            }

            if (Running >= options.MaxAgents)
            {
                return new JobAcceptance(JobAcceptanceKind.Busy, $"worker {options.Name} runs {options.MaxAgents} agents already");
            }

            var cancellation = new CancellationTokenSource();
            var task = Task.Run(() => ExecuteAsync(job, runner.Value, cancellation.Token), CancellationToken.None);
            _jobs[job.JobId] = new RunningJob(job, task, cancellation);
        }

        LogStarted(logger, job.JobId, options.Name);
        return JobAcceptance.Accepted;
    }

    public WorkerJobState Poll(string jobId) =>
        !_jobs.TryGetValue(jobId, out var job) ? new WorkerJobState(WorkerJobStatus.Unknown, null)
            : job.Task.IsCompletedSuccessfully ? new WorkerJobState(WorkerJobStatus.Finished, job.Task.Result)
            : new WorkerJobState(WorkerJobStatus.Running, null);

    public WorkerJobFound? Find(string attemptIdentity) =>
        _jobs.Values.Where(j => string.Equals(j.Job.AttemptIdentity, attemptIdentity, StringComparison.Ordinal))
            .Select(j => new WorkerJobFound(j.Job, Poll(j.Job.JobId)))
            .FirstOrDefault(found => found.State.Status != WorkerJobStatus.Unknown);

    public void Cancel(string jobId)
    {
        if (_jobs.TryGetValue(jobId, out var job))
        {
            job.Cancellation.Cancel();
        }
    }

    public void Forget(string jobId)
    {
        if (_jobs.TryGetValue(jobId, out var job) && job.Task.IsCompleted && _jobs.TryRemove(jobId, out _))
        {
            job.Cancellation.Dispose();
        }
    }

    private Outcome<IAgentRunner> CreateRunner(WorkerJob job)
    {
        if (RunnerKinds.TryParse(job.Runner) is not { } kind || kind == RunnerKind.Host)
        {
            return Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, $"runner \"{job.Runner}\" cannot run on a worker");
        }

        var runners = JsonSerializer.Deserialize<RunnersOptions>(job.RunnersJson, ClusterJson.Options) ?? new RunnersOptions();
        return new AgentRunnerFactory(processRunner, null).Create(kind, runners, null);
    }

    private async Task<WorkerJobResult> ExecuteAsync(WorkerJob job, IAgentRunner runner, CancellationToken cancellationToken)
    {
        var slug = ClusterRefs.Slug(job.JobId);
        var logPath = Path.Combine(options.WorkDirectory, "logs", slug + ".log");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        PooledWorktree? slot = null;
        try
        {
            slot = await _mirror.CheckOutAsync(job.GitRemote, job.BaseRef, job.BaseCommit, cancellationToken).ConfigureAwait(false);
            var worktree = slot.Path;
            var agentJob = new AgentJob(job.JobId, job.RunId, Enum.Parse<AgentRole>(job.Role), Enum.Parse<ModelTier>(job.Tier), job.Prompt, worktree,
                job.OutputSchemaJson, job.Timeout, logPath, job.ChunkId, job.Attempt);
            var outcome = await runner.RunAsync(agentJob, cancellationToken).ConfigureAwait(false);
            var resultCommit = outcome.Status == AgentOutcomeStatus.Completed && agentJob.Role == AgentRole.Executor
                ? await _mirror.PushResultAsync(worktree, job.GitRemote, job.BaseCommit, job.ResultRef, cancellationToken).ConfigureAwait(false)
                : null;
            LogFinished(logger, job.JobId, outcome.Status.ToString());
            return new WorkerJobResult(
                outcome.Status.ToString(),
                outcome.StructuredOutput?.GetRawText(),
                outcome.FailureReason,
                outcome.CostUsd,
                outcome.Tokens.InputTokens,
                outcome.Tokens.OutputTokens,
                outcome.Tokens.CacheReadTokens,
                outcome.Tokens.CacheWriteTokens,
                (long)outcome.Duration.TotalMilliseconds,
                resultCommit,
                ReadLog(outcome.LogPath ?? logPath));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Failed(nameof(AgentOutcomeStatus.Cancelled), "cancelled by the coordinator", logPath);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A git or runner failure on the worker is the attempt's failure, reported like an agent that crashed.
            LogFailed(logger, job.JobId, GitUrls.RedactIn(ex.Message, job.GitRemote));
            return Failed(nameof(AgentOutcomeStatus.Failed), $"on worker {options.Name}: {GitUrls.RedactIn(ex.Message, job.GitRemote)}", logPath);
        }
        finally
        {
            if (slot is not null)
            {
                await _mirror.ReleaseAsync(slot, job.BaseRef).ConfigureAwait(false);
            }
        }
    }

    private static WorkerJobResult Failed(string status, string reason, string logPath) =>
        new(status, null, reason, 0m, 0, 0, 0, 0, 0, null, ReadLog(logPath));

    private static string? ReadLog(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var text = File.ReadAllText(path);
            return text.Length <= MaxLogChars ? text : "[... earlier output cut]\n" + text[^MaxLogChars..];
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} started on {Worker}")]
    private static partial void LogStarted(ILogger logger, string jobId, string worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} finished: {Status}")]
    private static partial void LogFinished(ILogger logger, string jobId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string jobId, string reason);

    private sealed record RunningJob(WorkerJob Job, Task<WorkerJobResult> Task, CancellationTokenSource Cancellation);
}
