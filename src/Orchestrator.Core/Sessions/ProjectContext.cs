namespace Orchestrator.Core.Sessions;

/// <summary>A resolved project: the work tree a caller pointed at, and the repository's main tree that holds the state.</summary>
public sealed record ProjectContext(string WorkTreeRoot, string MainWorkTreeRoot, string CommonGitDirectory)
{
    public string OrchestratorDirectory => Path.Combine(MainWorkTreeRoot, ".orchestrator");

    public string SessionsDirectory => Path.Combine(OrchestratorDirectory, "sessions");
}
