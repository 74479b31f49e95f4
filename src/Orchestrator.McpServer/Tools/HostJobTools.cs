using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// <c>agent_job_next</c> and <c>agent_job_submit</c>: the host runner's side of the wire. A run started with runner
/// "host" queues its agent jobs in the <see cref="HostJobBroker"/>; the client takes them here, runs each with its own
/// sub-agent and hands the answer back.
/// </summary>
[McpServerToolType]
internal sealed class HostJobTools(HostJobBroker broker, SessionService sessions, ProjectRootResolver roots, TimeProvider timeProvider)
{
    public const int MaxWaitSeconds = 45;

    // The broker is re-asked in short slices so a run that ends during a long poll is reported within a couple of seconds.
    private static readonly TimeSpan PollSlice = TimeSpan.FromSeconds(2);

    [McpServerTool(Name = "agent_job_next", Title = "Next host agent job", UseStructuredContent = true,
        OutputSchemaType = typeof(AgentJobNextToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("For runner host: the next agent job (job_id, role, tier, prompt, output_schema, working_directory). Run it " +
        "with a sub-agent at that tier in that directory, then agent_job_submit. Repeat (jobs may run in parallel) until status " +
        "is run_finished.")]
    public async Task<CallToolResult> AgentJobNext(
        McpServerInstance server,
        string run_id,
        [Description("Seconds to wait for a job (default 0, max 45).")] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        if (!RunIds.IsWellFormed(run_id))
        {
            throw new ToolRefusedException($"{SafeIds.Problem("run_id", run_id, "run-20261121-101500-3f2a", "a run id")} Pass the run_id that build_start returned.");
        }

        if (wait_seconds is < 0)
        {
            throw new ToolRefusedException($"wait_seconds must be between 0 and {MaxWaitSeconds}, got {wait_seconds}.");
        }

        var runDirectory = await RunDirectoryAsync(run_id, project_root, server, cancellationToken).ConfigureAwait(false);
        var known = broker.KnowsRun(run_id);
        if (!known && (runDirectory is null || !Directory.Exists(runDirectory)))
        {
            throw new ToolRefusedException($"Unknown run '{run_id}'. Start one with build_start(session_id, runner: \"host\") and use the run_id it returns; " +
                "session_status lists a session's runs.");
        }

        var wait = TimeSpan.FromSeconds(Math.Min(wait_seconds ?? 0, MaxWaitSeconds));
        var deadline = timeProvider.GetTimestamp() + (long)(wait.TotalSeconds * timeProvider.TimestampFrequency);
        while (true)
        {
            if (runDirectory is not null && ReadFinished(runDirectory) is { } finished)
            {
                return ToolResults.Structured(Empty(run_id, "run_finished", 0, 0, finished,
                    $"The run has ended ({finished}); stop taking jobs. Call build_result(run_id) for the outcome."),
                    $"Run {run_id} has ended ({finished}); no more jobs.");
            }

            if (!known)
            {
                return ToolResults.Structured(Empty(run_id, "not_host_run", 0, 0, null,
                    "This server is not dispatching this run to the host: it uses another runner, or it was interrupted by a restart. " +
                    "build_status(run_id) shows its state; build_resume(run_id) resumes an interrupted run."),
                    $"Run {run_id} has no host jobs in this server.");
            }

            var remaining = timeProvider.GetElapsedTime(timeProvider.GetTimestamp(), deadline);
            var offer = await broker.NextAsync(run_id, remaining < PollSlice ? remaining : PollSlice, cancellationToken).ConfigureAwait(false);
            if (offer.Job is { } job)
            {
                return ToolResults.Structured(FromJob(job, offer),
                    $"Job {job.JobId}: {RoleName(job.Role)} at tier {TierName(job.Tier)}{(job.ChunkId is null ? "" : $" for chunk {job.ChunkId}")}. " +
                    "Run it with a sub-agent, then call agent_job_submit.");
            }

            if (timeProvider.GetTimestamp() >= deadline)
            {
                return ToolResults.Structured(Empty(run_id, "no_job", offer.Waiting, offer.Running, null,
                    offer.Running > 0
                        ? $"No job waiting; {offer.Running} handed-out job(s) still need their agent_job_submit. Call agent_job_next again (wait_seconds up to {MaxWaitSeconds})."
                        : $"No job waiting yet. Call agent_job_next again with wait_seconds (up to {MaxWaitSeconds}); build_status shows the run's progress."),
                    $"No job waiting for run {run_id}.");
            }
        }
    }

    [McpServerTool(Name = "agent_job_submit", Title = "Answer a host agent job", UseStructuredContent = true,
        OutputSchemaType = typeof(AgentJobSubmitToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Answers an agent_job_next job with the JSON your sub-agent produced (matching output_schema). accepted false: " +
        "it did not fit (see reason); the attempt failed and the engine retries or escalates by itself.")]
    public CallToolResult AgentJobSubmit(
        [Description("The job_id from agent_job_next.")] string job_id,
        [Description("The JSON answer of the sub-agent.")] JsonElement output)
    {
        if (string.IsNullOrWhiteSpace(job_id))
        {
            throw new ToolRefusedException("job_id is empty. Pass the job_id that agent_job_next returned.");
        }

        var submission = ToolResults.Unwrap(broker.Submit(job_id, output));
        var result = new AgentJobSubmitToolResult(job_id, submission.Accepted, submission.Problem,
            submission.Accepted
                ? "Answer recorded. Call agent_job_next(run_id) for the next job."
                : "The answer did not fit the job's output_schema, so this attempt failed (the engine retries or escalates). Call agent_job_next(run_id) for the next job.");
        return ToolResults.Structured(result, submission.Accepted
            ? $"Job {job_id} answered."
            : $"Job {job_id} answer rejected: {submission.Problem}");
    }

    private async Task<string?> RunDirectoryAsync(string runId, string? projectRoot, McpServerInstance server, CancellationToken cancellationToken)
    {
        var directory = await roots.ResolveAsync(projectRoot, server, cancellationToken).ConfigureAwait(false);
        var located = await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false);
        return located.Succeeded ? RunIds.TryDirectoryOf(located.Value!, runId) : null;
    }

    private static string? ReadFinished(string runDirectory)
    {
        if (!File.Exists(Path.Combine(runDirectory, RunJournal.ResultFileName)))
        {
            return null;
        }

        try
        {
            return RunJournal.ReadResult(runDirectory)?.Status.ToString().ToLowerInvariant() ?? "ended";
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return "ended";
        }
    }

    private static AgentJobNextToolResult FromJob(AgentJob job, HostJobOffer offer) => new(
        job.RunId, "job", job.JobId, RoleName(job.Role), TierName(job.Tier), job.Prompt, ParseSchema(job.OutputSchemaJson), job.ChunkId, job.Attempt,
        job.WorkingDirectory, (int)Math.Ceiling(job.Timeout.TotalSeconds), offer.Waiting, offer.Running, "running",
        $"Run this prompt with a sub-agent on model tier {TierName(job.Tier)} in {job.WorkingDirectory} within {(int)Math.Ceiling(job.Timeout.TotalMinutes)} min; " +
        "then agent_job_submit(job_id, output) with its JSON answer. Take further jobs meanwhile: they may run in parallel.");

    private static AgentJobNextToolResult Empty(string runId, string status, int waiting, int running, string? runStatus, string nextStep) =>
        new(runId, status, null, null, null, null, null, null, null, null, null, waiting, running, runStatus ?? (status == "no_job" ? "running" : null), nextStep);

    private static JsonElement ParseSchema(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return document.RootElement.Clone();
    }

    private static string RoleName(AgentRole role) => role switch
    {
        AgentRole.OpusReviewer => "opus_reviewer",
        _ => role.ToString().ToLowerInvariant(),
    };

    private static string TierName(ModelTier tier) => tier.ToString().ToLowerInvariant();
}
