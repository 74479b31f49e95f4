using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>Starts the detached worker process that executes one run (see <see cref="BuildRunWorker"/>).</summary>
public interface IBuildRunWorkerStarter
{
    /// <summary>Starts it; null when started, else why not. The worker announces itself by taking the run's lock.</summary>
    OrchestratorError? Start(ProjectContext project, string runId);
}
