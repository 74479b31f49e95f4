using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools.Results;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools;

/// <summary><c>session_start</c> and <c>session_status</c>: thin shells over <see cref="SessionService"/>.</summary>
[McpServerToolType]
internal sealed class SessionTools(SessionService sessions, ProjectRootResolver roots, BuildRunReader runs, UnsettledRunSettler unsettled, ResumeChoiceForm resumeChoice,
    TimeProvider timeProvider)
{
    public const string ChunksFileName = SessionDocuments.Chunks;

    [McpServerTool(Name = "session_start", Title = "Start a session", UseStructuredContent = true,
        OutputSchemaType = typeof(SessionStartToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Call first, once per feature. Lists unfinished sessions to resume (by id) before creating one (new). " +
        "Returns the session_id other tools take, and the branch state. Works in a new worktree and branch (in_place: here).")]
    public async Task<CallToolResult> SessionStart(
        McpServerInstance server,
        [Description("The feature to build, in a sentence or two.")] string? description = null,
        [Description("Issues, e.g. #123.")] string[]? issues = null,
        [Description("worktree (default) or in_place.")] string? isolation = null,
        [Description("Branch name words.")] string? base_name = null,
        [Description("Session id to continue.")] string? resume = null,
        [Description("Create one anyway.")] bool? @new = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        if (description is null && string.IsNullOrWhiteSpace(resume))
        {
            throw new ToolRefusedException("session_start: argument `description` is missing; it is required to start a new session. Describe the feature in a sentence or two, " +
                "or pass resume: \"<session_id>\" to continue an unfinished one.");
        }

        SessionIsolation? chosen = isolation switch
        {
            null or "" => null,
            "worktree" => SessionIsolation.Worktree,
            "in_place" => SessionIsolation.InPlace,
            _ => throw new ToolRefusedException($"isolation \"{isolation}\" is not supported. Use \"worktree\" (default) or \"in_place\"."),
        };
        var directory = await roots.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(resume) && @new != true)
        {
            // Unfinished sessions come before anything is created: a resume must never leave a stray branch behind.
            var resumable = ToolResults.Unwrap(await sessions.ListResumableAsync(directory, cancellationToken).ConfigureAwait(false));
            if (resumable.Count > 0)
            {
                var choice = await resumeChoice.AskAsync(server, directory, resumable, cancellationToken).ConfigureAwait(false);
                if (choice is null)
                {
                    return Listing(resumable);
                }

                resume = choice == ResumeChoiceForm.NewSession ? null : choice;
            }
        }

        if (!string.IsNullOrWhiteSpace(resume))
        {
            if (SafeIds.Problem("resume", resume, "20261121-091500-add-login-form-3f2a", "a session id") is { } badResume)
            {
                throw new ToolRefusedException($"{badResume} Pass the session_id of an unfinished session (session_start lists them), or leave resume out.");
            }

            var resumed = ToolResults.Unwrap(await sessions.ResumeAsync(directory, resume, cancellationToken).ConfigureAwait(false));
            var resumedWarnings = await WarningsAsync(resumed, cancellationToken).ConfigureAwait(false);
            return ToolResults.Structured(From(resumed, SessionStartToolResult.Resumed) with { Warnings = resumedWarnings },
                $"Session {resumed.State.Session} resumed on branch {resumed.State.Branch} in {resumed.State.WorkTree} (phase {resumed.State.Phase}). Next: {resumed.ContinueWith}.{Warned(resumedWarnings)}");
        }

        var request = new SessionStartRequest(directory, description ?? "", issues?.Where(i => !string.IsNullOrWhiteSpace(i)).ToList() ?? [], chosen, base_name, New: true);
        var started = ToolResults.Unwrap(await sessions.StartAsync(request, cancellationToken).ConfigureAwait(false));
        var warnings = await WarningsAsync(started, cancellationToken).ConfigureAwait(false);
        var result = From(started, SessionStartToolResult.Started) with { Warnings = warnings };
        var others = result.ResumableSessions.Count == 0 ? "" : $" {result.ResumableSessions.Count} unfinished earlier session(s) stay as they are.";
        return ToolResults.Structured(result, $"Session {started.State.Session} started on branch {started.State.Branch} in {started.State.WorkTree}.{others}{Warned(warnings)}");
    }

    /// <summary>The default runner's configuration warnings (tiers that do not escalate).</summary>
    private static Task<IReadOnlyList<string>> WarningsAsync(SessionStartResult started, CancellationToken cancellationToken) =>
        TierEscalationCheck.WarningsAsync(Path.Combine(started.State.ProjectRoot, ".orchestrator"), null, cancellationToken);

    /// <summary>" Warning: ..." per warning, for the text summary.</summary>
    internal static string Warned(IReadOnlyList<string>? warnings) =>
        warnings is { Count: > 0 } ? string.Concat(warnings.Select(w => $" Warning: {w}")) : "";

    private static SessionStartToolResult From(SessionStartResult started, string status)
    {
        var state = started.State;
        return new SessionStartToolResult(
            state.Session, status, state.Phase, started.ContinueWith ?? "", state.Branch, state.WorkTree, state.ProjectRoot, StateFileSerializer.IsolationName(state.Isolation),
            CatchupResult.From(started.Catchup),
            started.ResumableSessions.Select(ResumableSessionResult.From).ToList(),
            started.Notes);
    }

    private static CallToolResult Listing(IReadOnlyList<ResumableSession> resumable)
    {
        var listed = resumable.Select(ResumableSessionResult.From).ToList();
        var result = new SessionStartToolResult("", SessionStartToolResult.Resumable, "", "", "", "", "", "", CatchupResult.None, listed, []);
        var lines = string.Join("\n", resumable.Select(r => $"- {r.SessionId}: {r.Description} (phase {r.Phase}, branch {r.Branch}{(r.LockedByPid is { } pid ? $", held by pid {pid}" : "")})"));
        return ToolResults.Structured(result,
            $"Nothing was created: {resumable.Count} unfinished session(s) could be continued instead.\n{lines}\n" +
            "Ask the user, then call session_start with resume: \"<session_id>\" (same branch and worktree), or with new: true to start another; " +
            "session_end abandons one.");
    }

    [McpServerTool(Name = "session_status", Title = "Show a session", UseStructuredContent = true,
        OutputSchemaType = typeof(SessionStatusToolResult), ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Where a session stands: phase, gates, spec, plan, chunks, runs. Call it after a restart or to decide the next step.")]
    public async Task<CallToolResult> SessionStatus(
        McpServerInstance server,
        [Description("Default: the latest session of the repository.")] string? session_id = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var directory = await roots.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var project = ToolResults.Unwrap(await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false));
        var state = ToolResults.Unwrap(await sessions.FindAsync(project, string.IsNullOrWhiteSpace(session_id) ? null : session_id, cancellationToken).ConfigureAwait(false));
        if (await unsettled.SettleSessionAsync(project, state, cancellationToken).ConfigureAwait(false))
        {
            // Its latest run had ended while nobody settled it (its worker was killed right after the end): now it is.
            state = ToolResults.Unwrap(await sessions.FindAsync(project, state.Session, cancellationToken).ConfigureAwait(false));
        }

        var store = new SessionStore(project.SessionsDirectory);
        var spec = await store.ReadDocumentAsync(state.Session, "spec.md", cancellationToken).ConfigureAwait(false);
        var plan = await store.ReadDocumentAsync(state.Session, "plan.md", cancellationToken).ConfigureAwait(false);
        var chunksText = await store.ReadDocumentAsync(state.Session, ChunksFileName, cancellationToken).ConfigureAwait(false);
        JsonElement? chunks = chunksText is null ? null : JsonDocument.Parse(chunksText).RootElement.Clone();
        var owner = sessions.LiveOwner(project, state.Session);
        var result = new SessionStatusToolResult(
            state.Session, state.Phase, state.Status, state.Description, state.Branch, state.WorkTree, state.ProjectRoot, state.StartedAt, state.Updated,
            GatesResult.From(state.Gates), spec, plan, chunks,
            state.Runs.Select(r => RunSummary(project, r)).ToList(),
            owner is null ? null : LockOwnerResult.From(owner))
        {
            // A phase job in a detached worker, whichever server started it: its folder and its worker's lock say so.
            Job = LiveJobReader.LiveFor(project, state.Session, timeProvider) is { } job ? LiveJobResult.From(job) : null,
        };
        var live = result.Job is { } j ? $" Its {j.Phase} job {j.JobId} is {j.Status}{(j.Progress is null ? "" : $" ({j.Progress})")}: call {j.Phase} with session_id to follow it, build_cancel with run_id \"{j.JobId}\" to stop it." : "";
        return ToolResults.Structured(result,
            $"Session {state.Session}: phase {state.Phase}, status {state.Status}, branch {state.Branch}; gates plan={state.Gates.Plan.Status}, build={state.Gates.Build.Status}, concerns={state.Gates.Concerns.Status}, failures={state.Gates.Failures.Status}, publish={state.Gates.Publish.Status}.{live}");
    }

    private RunSummaryResult RunSummary(ProjectContext project, string runId)
    {
        var status = runs.StatusOf(project, runId);
        // A running cluster run: what its coordinator (the detached run worker) last wrote about the workers.
        return new RunSummaryResult(runId, RunStatusRule.Name(status))
        {
            Cluster = status == RunStatus.Running ? ClusterToolResult.Describe(ClusterBoardFile.Read(RunIds.DirectoryOf(project, runId))) : null,
        };
    }
}
