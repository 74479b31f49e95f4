using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Git;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Hosting.Cluster;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting.Worker;

/// <summary>
/// <c>orchestrator-mcp run --project &lt;repo&gt; --run &lt;id&gt;</c> (or <c>--job &lt;id&gt;</c>): the detached worker of one
/// build run (or spec / plan / divide / close job). No MCP on its stdio (they go to <c>worker.log</c> in the run's or
/// job's folder); it leads its own session and process group, with a watchdog that kills the group (its agents) if it
/// dies; SIGTERM/SIGINT cancel the work, which it records before it exits. Started by a server, never by hand.
/// </summary>
internal static class WorkerHost
{
    /// <summary>How a server hands its <c>--cluster</c> URL to the run worker it starts (not an argument: it may hold a password).</summary>
    public const string ClusterEnvironmentVariable = "ORCHESTRATOR_RUN_CLUSTER";

    public static async Task<int> RunAsync(string projectDirectory, WorkerTarget target, Microsoft.Extensions.Logging.LogLevel logLevel, string? clusterMembership,
        CancellationToken cancellationToken)
    {
        var runId = target.Id;
        var wellFormed = target.Kind == WorkerTargetKind.Run ? RunIds.IsWellFormed(runId) : JobFiles.IsWellFormed(runId);
        var runDirectory = wellFormed ? Path.Combine(projectDirectory, ".orchestrator", target.Kind == WorkerTargetKind.Run ? "runs" : "jobs", runId) : null;
        if (runDirectory is null || !Directory.Exists(runDirectory))
        {
            await Console.Error.WriteLineAsync($"orchestrator worker: no {target} under {projectDirectory}").ConfigureAwait(false);
            return 2;
        }

        DetachedSelf.RedirectStandardStreams(Path.Combine(runDirectory, BuildRunWorkerStarter.LogFileName));
        var ownGroup = DetachedSelf.EnsureOwnSession();
        var watched = ownGroup && ProcessGroupWatchdog.Start();

        using var serilog = new LoggerConfiguration()
            .MinimumLevel.Is(logLevel switch
            {
                Microsoft.Extensions.Logging.LogLevel.Trace => LogEventLevel.Verbose,
                Microsoft.Extensions.Logging.LogLevel.Debug => LogEventLevel.Debug,
                Microsoft.Extensions.Logging.LogLevel.Information => LogEventLevel.Information,
                Microsoft.Extensions.Logging.LogLevel.Warning => LogEventLevel.Warning,
                Microsoft.Extensions.Logging.LogLevel.Error => LogEventLevel.Error,
                _ => LogEventLevel.Fatal,
            })
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
        using var loggerFactory = new SerilogLoggerFactory(serilog);
        var logger = loggerFactory.CreateLogger("Orchestrator.Worker");
        logger.LogInformation("Worker {Pid} for {Target}: own process group {OwnGroup}, agent watchdog {Watched}", Environment.ProcessId, target, ownGroup, watched);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A stop request is a cancellation of the run (recorded in its journal), never an abrupt exit.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = true);

        var time = TimeProvider.System;
        var processes = new ProcessRunner(time);
        var git = new GitCli(processes);
        var located = await new ProjectLocator(git).LocateAsync(projectDirectory, stop.Token).ConfigureAwait(false);
        if (!located.Succeeded)
        {
            logger.LogError("Worker for run {RunId}: {Reason}", runId, located.Error.Message);
            await File.WriteAllTextAsync(Path.Combine(runDirectory, BuildRunWorkerStarter.ExitFileName), "2\n", CancellationToken.None).ConfigureAwait(false);
            return 2;
        }

        var exitCode = target.Kind == WorkerTargetKind.Run
            ? await RunBuildAsync(located.Value, runId, runDirectory, clusterMembership, processes, git, time, loggerFactory, stop.Token).ConfigureAwait(false)
            : await PhaseJobHost.RunAsync(located.Value, runId, logLevel, serilog, stop.Token).ConfigureAwait(false);
        logger.LogInformation("Worker {Pid} for {Target} exits with {ExitCode}", Environment.ProcessId, target, exitCode);
        if (exitCode != 0)
        {
            // Tells the server waiting for this worker to begin that it will not (the reason is in the log above).
            await File.WriteAllTextAsync(Path.Combine(runDirectory, BuildRunWorkerStarter.ExitFileName), $"{exitCode}\n", CancellationToken.None).ConfigureAwait(false);
        }

        return exitCode;
    }

    private static async Task<int> RunBuildAsync(ProjectContext project, string runId, string runDirectory, string? clusterMembership, ProcessRunner processes, GitCli git,
        TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        await using var sessionLocks = new SessionLockManager(time) { Holder = $"the worker of build run {runId}" };
        var writer = new SessionWriter(sessionLocks, time);
        // The run's coordinator: its agents run here, or on the cluster's workers when config.yaml or the server's
        // --cluster names one (Orleans is loaded only then).
        var local = new AgentRunnerFactory(processes, null);
        var board = new ClusterBoard();
        await using var runners = new ServerRunnerFactory(local, clusterMembership,
            () => ClusterMode.CreateFactory(local, board, clusterMembership, loggerFactory, git, time));
        var environments = new BuildRunEnvironmentFactory(runners, processes, git);
        var worker = new BuildRunWorker(environments, sessionLocks, new BuildRunSettler(writer, loggerFactory.CreateLogger<BuildRunSettler>()), time, loggerFactory);
        using var publishing = new CancellationTokenSource();
        var published = ClusterBoardPublisher.RunAsync(board, runId, runDirectory, publishing.Token);
        var exitCode = await worker.RunAsync(project, runId, cancellationToken).ConfigureAwait(false);
        await publishing.CancelAsync().ConfigureAwait(false);
        await published.ConfigureAwait(false);
        return exitCode;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
