namespace Orchestrator.Core.Sessions;

/// <summary>
/// What this server is doing to a session right now, for the phases that must not change a session under a running
/// build. Implemented by the build layer's run registry, so the phases need not know build types.
/// </summary>
public interface ISessionActivity
{
    /// <summary>The id of the session's build run this server is still executing, or null.</summary>
    string? RunningBuildOf(string sessionId);
}
