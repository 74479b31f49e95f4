using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// A run this process executes (or executed since it started): its handle, whose it is, and <see cref="Settled"/>,
/// which completes once the run has ended and its session has been updated (phase, concerns gate).
/// </summary>
public sealed record LiveRun(BuildRunHandle Handle, ProjectContext Project, string SessionId, Task Settled);
