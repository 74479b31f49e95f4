using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools;

namespace Orchestrator.McpServer.Resources;

/// <summary>A build run's files as MCP resources: its result.json once it has ended, and its events.jsonl journal.</summary>
[McpServerResourceType]
internal sealed class RunResources(SessionService sessions, ProjectRootResolver roots)
{
    [McpServerResource(UriTemplate = "orchestrator://runs/{run_id}/result", Name = "run_result", Title = "Build run result", MimeType = "application/json")]
    [Description("The run's result (per chunk, blockers, concerns, nits, cost) once the run has ended.")]
    public async Task<string> Result(McpServerInstance server, string run_id, CancellationToken cancellationToken)
    {
        var runDirectory = await RunDirectoryAsync(server, run_id, cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(runDirectory, RunJournal.ResultFileName);
        return File.Exists(path)
            ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)
            : throw new McpException($"Run '{run_id}' has no result yet: it is still running or was interrupted. " +
                $"build_status(run_id) shows its progress; orchestrator://runs/{run_id}/events holds its journal so far.");
    }

    [McpServerResource(UriTemplate = "orchestrator://runs/{run_id}/events", Name = "run_events", Title = "Build run journal", MimeType = "application/jsonl")]
    [Description("The run's journal, events.jsonl: one JSON event per line (type, seq, ts and the event's fields), every state change of the build loop.")]
    public async Task<string> Events(McpServerInstance server, string run_id, CancellationToken cancellationToken)
    {
        var runDirectory = await RunDirectoryAsync(server, run_id, cancellationToken).ConfigureAwait(false);

        // Only complete lines: a line the loop is writing right now (or a torn last line after a crash) is left out,
        // as is an event type this server does not know.
        var events = RunJournal.ReadEvents(runDirectory);
        return string.Concat(events.Select(e => RunJournal.Serialize(e) + "\n"));
    }

    private async Task<string> RunDirectoryAsync(McpServerInstance server, string runId, CancellationToken cancellationToken)
    {
        var directory = await roots.ResolveAsync(null, server, cancellationToken).ConfigureAwait(false);
        var project = ToolResults.Unwrap(await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false));
        var runDirectory = RunIds.TryDirectoryOf(project, runId);
        if (runDirectory is null || !File.Exists(RunJournal.PathIn(runDirectory)))
        {
            throw new McpException($"No run '{runId}' in {project.MainWorkTreeRoot}. session_status(session_id) lists a session's runs; build_start starts one.");
        }

        return runDirectory;
    }
}
