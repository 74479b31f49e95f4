using System.Collections;
using System.ComponentModel;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The real starter: <c>&lt;worker command&gt; run --project &lt;main tree&gt; --run &lt;id&gt; --log-level &lt;level&gt;</c>, detached,
/// in the main working tree, with this server's environment (the agents need its PATH, HOME and API keys) passed on
/// explicitly. The worker writes its output to <c>worker.log</c> in the run directory.
/// </summary>
public sealed class BuildRunWorkerStarter(WorkerCommand command, string logLevel) : IBuildRunWorkerStarter
{
    /// <summary>The worker's log inside its run directory.</summary>
    public const string LogFileName = "worker.log";

    /// <summary>Written by the worker when it ends without having run (its exit code), so the starting server can say so.</summary>
    public const string ExitFileName = "worker.exit";

    public OrchestratorError? Start(ProjectContext project, string runId)
    {
        ArgumentNullException.ThrowIfNull(project);
        List<string> arguments = [.. command.LeadingArguments, "run", "--project", project.MainWorkTreeRoot, "--run", runId, "--log-level", logLevel];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        try
        {
            DetachedProcessStarter.Start(command.FileName, arguments, environment, project.MainWorkTreeRoot);
            return null;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            return new OrchestratorError(ErrorCode.InvalidArgument, $"Could not start the worker process for run '{runId}' ({command.FileName}): {ex.Message}");
        }
    }
}
