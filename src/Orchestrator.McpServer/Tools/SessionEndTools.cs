using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Close.SessionEnd;
using Orchestrator.Core.Planning;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary><c>session_end</c>: a thin shell over <see cref="SessionEndService"/>.</summary>
[McpServerToolType]
internal sealed class SessionEndTools(SessionEndService ending, PhaseJobRegistry jobs, SessionProjectResolver projects)
{
    [McpServerTool(Name = "session_end", Title = "End a session", UseStructuredContent = true,
        OutputSchemaType = typeof(SessionEndToolResult), Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Ends a session, leaving nothing behind: its worktree (kept while it holds uncommitted work), chunk worktrees, " +
        "snapshot refs; marks STATE.md. Ask the user first.")]
    public async Task<CallToolResult> SessionEnd(
        McpServerInstance server,
        string session_id,
        [Description("abandoned (default) or finished.")] string? outcome = null,
        [Description("Discard uncommitted work.")] bool? force = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var chosen = (outcome ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "abandoned" => SessionOutcome.Abandoned,
            "finished" => SessionOutcome.Finished,
            _ => throw new ToolRefusedException($"outcome \"{outcome}\" is not known. Use \"abandoned\" (give the session up) or \"finished\" (its work is done)."),
        };
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        if (jobs.RunningFor(project, sessionId) is { } job)
        {
            throw new ToolRefusedException($"The {job.Phase} job of session '{sessionId}' is still running. Wait for it (call {job.Phase} with just session_id), then call session_end again.");
        }

        var ended = ToolResults.Unwrap(await ending.EndAsync(project, sessionId, chosen, force == true, cancellationToken).ConfigureAwait(false));
        var kept = ended.Kept.Count == 0 ? "" : $" Kept: {string.Join("; ", ended.Kept)}.";
        return ToolResults.Structured(SessionEndToolResult.From(ended),
            $"Session {ended.SessionId} is {ended.Status}. Removed {ended.Removed.Count} item(s){(ended.Removed.Count == 0 ? "" : ": " + string.Join("; ", ended.Removed))}.{kept}");
    }
}
