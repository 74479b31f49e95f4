using Orchestrator.Core.Sessions;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools;

/// <summary>The repository a tool call is about, located (or the refusal naming why it is not usable).</summary>
internal sealed class SessionProjectResolver(SessionService sessions, ProjectRootResolver roots)
{
    public async Task<ProjectContext> ResolveAsync(string? projectRoot, McpServerInstance? server, CancellationToken cancellationToken)
    {
        var directory = await roots.ResolveAsync(projectRoot, server, cancellationToken).ConfigureAwait(false);
        return ToolResults.Unwrap(await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Like <see cref="ResolveAsync"/>, but null instead of a refusal (run tools can still find live runs).</summary>
    public async Task<ProjectContext?> TryResolveAsync(string? projectRoot, McpServerInstance? server, CancellationToken cancellationToken)
    {
        var directory = await roots.ResolveAsync(projectRoot, server, cancellationToken).ConfigureAwait(false);
        var located = await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false);
        return located.Succeeded ? located.Value : null;
    }

    public static string RequireSessionId(string? sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            throw new ToolRefusedException("session_id is empty. Pass the id session_start returned (session_status without session_id shows the latest session).");
        }

        var trimmed = sessionId.Trim();
        return SafeIds.Problem("session_id", trimmed, "20261121-091500-add-login-form-3f2a", "a session id") is { } problem
            ? throw new ToolRefusedException($"{problem} Pass the id session_start returned (session_status without session_id shows the latest session).")
            : trimmed;
    }
}
