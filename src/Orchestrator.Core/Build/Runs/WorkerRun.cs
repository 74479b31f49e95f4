using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>A run this server handed to a detached worker: enough to find it again; whether it still executes is its run lock's say.</summary>
public sealed record WorkerRun(string RunId, ProjectContext Project, string SessionId, string RunDirectory);
