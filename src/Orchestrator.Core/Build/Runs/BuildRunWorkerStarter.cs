using System.Collections;
using System.ComponentModel;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The real starter: <c>&lt;worker command&gt; run --project &lt;main tree&gt; --run|--job &lt;id&gt; --log-level &lt;level&gt;</c>, detached,
/// in the main working tree, with this server's environment (the agents need its PATH, HOME and API keys) passed on
/// explicitly, plus <paramref name="extraEnvironment"/> (settings that may hold credentials, such as a cluster URL with a
/// Redis password: in the environment they are not visible to every user through <c>ps</c>, as arguments would be).
/// The worker writes its output to <c>worker.log</c> in the run's (job's) directory. A program that is not there is
/// refused before anything starts: through <c>setsid --fork</c> its exec would fail unseen in the forked child.
/// </summary>
public sealed class BuildRunWorkerStarter(WorkerCommand command, string logLevel, IReadOnlyDictionary<string, string>? extraEnvironment = null) : IBuildRunWorkerStarter
{
    /// <summary>The worker's log inside its run directory.</summary>
    public const string LogFileName = "worker.log";

    /// <summary>Written by the worker when it ends without having run (its exit code), so the starting server can say so.</summary>
    public const string ExitFileName = "worker.exit";

    public OrchestratorError? Start(ProjectContext project, WorkerTarget target)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(target);
        if (ExecutableProblem(command.FileName) is { } missing)
        {
            return new OrchestratorError(ErrorCode.InvalidArgument, $"Could not start the worker process for {target}: {missing}");
        }

        List<string> arguments = [.. command.LeadingArguments, "run", "--project", project.MainWorkTreeRoot, target.Option, target.Id, "--log-level", logLevel];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        try
        {
            DetachedProcessStarter.Start(command.FileName, arguments, environment, project.MainWorkTreeRoot);
            return null;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            return new OrchestratorError(ErrorCode.InvalidArgument, $"Could not start the worker process for {target} ({command.FileName}): {ex.Message}");
        }
    }

    /// <summary>Why <paramref name="fileName"/> cannot be executed (not found, not executable), or null.</summary>
    internal static string? ExecutableProblem(string fileName)
    {
        var path = Path.IsPathRooted(fileName) || fileName.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetFullPath(fileName)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, fileName)).FirstOrDefault(File.Exists);
        if (path is null || !File.Exists(path))
        {
            return $"the worker program '{fileName}' does not exist";
        }

        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0
            ? null
            : $"the worker program '{path}' is not executable";
    }
}
