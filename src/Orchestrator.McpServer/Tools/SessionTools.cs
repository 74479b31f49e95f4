using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary><c>session_start</c> and <c>session_status</c>: thin shells over <see cref="SessionService"/>.</summary>
[McpServerToolType]
internal sealed class SessionTools(SessionService sessions, ProjectRootResolver roots, BuildRunReader runs)
{
    public const string ChunksFileName = SessionDocuments.Chunks;

    [McpServerTool(Name = "session_start", Title = "Start a session", UseStructuredContent = true,
        OutputSchemaType = typeof(SessionStartToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Call first, once per feature (spec comes next). Returns the session_id the other tools take, the branch state and " +
        "unfinished sessions to resume instead. From the default branch it works in a new worktree and branch (in_place: a branch here); " +
        "on a feature branch, in place.")]
    public async Task<CallToolResult> SessionStart(
        McpServerInstance server,
        [Description("The feature to build, in a sentence or two.")] string description,
        [Description("Issues the work comes from, e.g. #123; they name the branch.")] string[]? issues = null,
        [Description("worktree (default) or in_place; used only from the default branch.")] string? isolation = null,
        [Description("A few words for the branch name instead of the description.")] string? base_name = null,
        [Description(ToolDescriptions.ProjectRoot)] string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        SessionIsolation? chosen = isolation switch
        {
            null or "" => null,
            "worktree" => SessionIsolation.Worktree,
            "in_place" => SessionIsolation.InPlace,
            _ => throw new ToolRefusedException($"isolation \"{isolation}\" is not supported. Use \"worktree\" (default) or \"in_place\"."),
        };
        var directory = await roots.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var request = new SessionStartRequest(directory, description ?? "", issues?.Where(i => !string.IsNullOrWhiteSpace(i)).ToList() ?? [], chosen, base_name);
        var started = ToolResults.Unwrap(await sessions.StartAsync(request, cancellationToken).ConfigureAwait(false));
        var state = started.State;
        var result = new SessionStartToolResult(
            state.Session, state.Phase, state.Branch, state.WorkTree, state.ProjectRoot, StateFileSerializer.IsolationName(state.Isolation),
            CatchupResult.From(started.Catchup),
            started.ResumableSessions.Select(ResumableSessionResult.From).ToList(),
            started.Notes);
        var resumable = result.ResumableSessions.Count == 0 ? "" : $" {result.ResumableSessions.Count} unfinished earlier session(s) could be resumed instead.";
        return ToolResults.Structured(result, $"Session {state.Session} started on branch {state.Branch} in {state.WorkTree}.{resumable}");
    }

    [McpServerTool(Name = "session_status", Title = "Show a session", UseStructuredContent = true,
        OutputSchemaType = typeof(SessionStatusToolResult), ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Where a session stands: phase, plan/build/concerns gates, spec, plan, chunks, runs. Call it to resume after a restart " +
        "or to decide the next step.")]
    public async Task<CallToolResult> SessionStatus(
        McpServerInstance server,
        [Description("Default: the latest session of the repository.")] string? session_id = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var directory = await roots.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var project = ToolResults.Unwrap(await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false));
        var state = ToolResults.Unwrap(await sessions.FindAsync(project, string.IsNullOrWhiteSpace(session_id) ? null : session_id, cancellationToken).ConfigureAwait(false));
        var store = new SessionStore(project.SessionsDirectory);
        var spec = await store.ReadDocumentAsync(state.Session, "spec.md", cancellationToken).ConfigureAwait(false);
        var plan = await store.ReadDocumentAsync(state.Session, "plan.md", cancellationToken).ConfigureAwait(false);
        var chunksText = await store.ReadDocumentAsync(state.Session, ChunksFileName, cancellationToken).ConfigureAwait(false);
        JsonElement? chunks = chunksText is null ? null : JsonDocument.Parse(chunksText).RootElement.Clone();
        var owner = sessions.LiveOwner(project, state.Session);
        var result = new SessionStatusToolResult(
            state.Session, state.Phase, state.Status, state.Description, state.Branch, state.WorkTree, state.ProjectRoot, state.StartedAt, state.Updated,
            GatesResult.From(state.Gates), spec, plan, chunks,
            state.Runs.Select(r => new RunSummaryResult(r, RunStatusRule.Name(runs.StatusOf(project, r)))).ToList(),
            owner is null ? null : LockOwnerResult.From(owner));
        return ToolResults.Structured(result,
            $"Session {state.Session}: phase {state.Phase}, status {state.Status}, branch {state.Branch}; gates plan={state.Gates.Plan.Status}, build={state.Gates.Build.Status}, concerns={state.Gates.Concerns.Status}.");
    }
}
