using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// At start-up, settles the runs of its <c>--project</c> repository that ended while nobody settled them (their worker
/// was killed between <c>run.finished</c> and updating STATE.md), so a session does not stay in phase build until some
/// client happens to ask about it: the dashboard, which only reads, then shows it as it is. In the background: the server
/// answers at once. Tools that read a run or a session settle it too (<see cref="UnsettledRunSettler"/>).
/// </summary>
internal sealed partial class UnsettledRunSweeper(ServerSettings settings, SessionService sessions, UnsettledRunSettler settler, ILogger<UnsettledRunSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var directory = settings.ProjectDirectory ?? Directory.GetCurrentDirectory();
        try
        {
            var project = await sessions.LocateAsync(directory, stoppingToken).ConfigureAwait(false);
            if (!project.Succeeded || !Directory.Exists(project.Value.SessionsDirectory))
            {
                return;
            }

            var store = new SessionStore(project.Value.SessionsDirectory);
            foreach (var listed in await store.ListAsync(stoppingToken).ConfigureAwait(false))
            {
                // Only a session still in phase build can have an unsettled latest run; a torn STATE.md is left to the tools.
                if (listed.Succeeded && listed.Value.Phase == SessionPhase.Build && listed.Value.Runs.Count > 0
                    && await settler.SettleSessionAsync(project.Value, listed.Value, stoppingToken).ConfigureAwait(false))
                {
                    LogSettled(logger, listed.Value.Runs[^1], listed.Value.Session);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping; the next start (or the next tool that reads the run) settles it.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFailed(logger, directory, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settled run {RunId} of session {SessionId}: it had ended while nobody settled it")]
    private static partial void LogSettled(ILogger logger, string runId, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle the ended runs of {Directory}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string directory, string reason);
}
