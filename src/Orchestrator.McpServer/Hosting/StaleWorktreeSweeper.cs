using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// At start-up, removes the chunk worktrees a crashed server left behind in its <c>--project</c> repository (runs
/// whose owner process is gone; a live server's runs are kept). In the background: the server answers at once.
/// Runs also clean their session when they are set up, and close cleans the rest.
/// </summary>
internal sealed partial class StaleWorktreeSweeper(ServerSettings settings, SessionService sessions, IGit git, ILogger<StaleWorktreeSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var directory = settings.ProjectDirectory ?? Directory.GetCurrentDirectory();
        try
        {
            var project = await sessions.LocateAsync(directory, stoppingToken).ConfigureAwait(false);
            if (!project.Succeeded)
            {
                return;
            }

            var options = await OptionsLoader.LoadAsync(project.Value.OrchestratorDirectory, stoppingToken).ConfigureAwait(false);
            var removed = await new ChunkWorktreeJanitor(git).RemoveStaleAsync(
                project.Value.MainWorkTreeRoot, options.Value ?? OrchestratorOptions.Default, null, false, stoppingToken).ConfigureAwait(false);
            if (removed.Count > 0)
            {
                LogRemoved(logger, removed.Count, project.Value.MainWorkTreeRoot);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping; the next start sweeps again.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFailed(logger, directory, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} stale chunk worktree(s) of crashed runs in {Repository}")]
    private static partial void LogRemoved(ILogger logger, int count, string repository);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sweep stale chunk worktrees of {Directory}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string directory, string reason);
}
