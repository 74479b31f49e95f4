namespace Orchestrator.Core.Sessions;

/// <summary>The Markdown body a new STATE.md starts with: the source workflow's sections, empty.</summary>
public static class SessionBody
{
    public static string Initial(string sessionId, string description) =>
        $"""
        # Session {sessionId}

        {description.Trim()}

        ## Current Wave

        Not started.

        ## Wave History

        ## Deviations

        ## What Not To Retry

        ## Open Questions

        """;
}
