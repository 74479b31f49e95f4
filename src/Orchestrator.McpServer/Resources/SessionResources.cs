using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools;

namespace Orchestrator.McpServer.Resources;

/// <summary>A session's documents as MCP resources: STATE.md, and spec.md / plan.md once those phases have run.</summary>
[McpServerResourceType]
internal sealed class SessionResources(SessionService sessions, ProjectRootResolver roots)
{
    [McpServerResource(UriTemplate = "orchestrator://sessions/{session_id}/state", Name = "session_state", Title = "Session STATE.md", MimeType = "text/markdown")]
    [Description("The session's STATE.md: YAML frontmatter (branch, phase, gates, runs) and the wave history.")]
    public Task<string> State(McpServerInstance server, string session_id, CancellationToken cancellationToken) =>
        ReadAsync(server, session_id, SessionStore.StateFileName, "session_start", cancellationToken);

    [McpServerResource(UriTemplate = "orchestrator://sessions/{session_id}/spec", Name = "session_spec", Title = "Session spec", MimeType = "text/markdown")]
    [Description("The rough spec merged from the research agents (after the spec phase).")]
    public Task<string> Spec(McpServerInstance server, string session_id, CancellationToken cancellationToken) =>
        ReadAsync(server, session_id, "spec.md", "spec", cancellationToken);

    [McpServerResource(UriTemplate = "orchestrator://sessions/{session_id}/plan", Name = "session_plan", Title = "Session plan", MimeType = "text/markdown")]
    [Description("The implementation plan (after the plan phase).")]
    public Task<string> Plan(McpServerInstance server, string session_id, CancellationToken cancellationToken) =>
        ReadAsync(server, session_id, "plan.md", "plan", cancellationToken);

    private async Task<string> ReadAsync(McpServerInstance server, string sessionId, string fileName, string producingTool, CancellationToken cancellationToken)
    {
        var directory = await roots.ResolveAsync(null, server, cancellationToken).ConfigureAwait(false);
        var project = ToolResults.Unwrap(await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false));
        var store = new SessionStore(project.SessionsDirectory);
        if (!store.Exists(sessionId))
        {
            throw new McpException($"No session '{sessionId}' in {project.MainWorkTreeRoot}. session_status lists the latest session.");
        }

        return await store.ReadDocumentAsync(sessionId, fileName, cancellationToken).ConfigureAwait(false)
            ?? throw new McpException($"Session '{sessionId}' has no {fileName} yet; the {producingTool} tool writes it.");
    }
}
