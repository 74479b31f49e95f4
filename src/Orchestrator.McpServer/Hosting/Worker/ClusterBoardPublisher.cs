using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.McpServer.Hosting.Worker;

/// <summary>
/// Writes the run coordinator's cluster board (workers, load, where each attempt runs or waits) to the run's folder
/// once a second while it changes, so the server's build_status can show it; nothing for a run that uses no cluster.
/// </summary>
internal static class ClusterBoardPublisher
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(ClusterBoard board, string runId, string runDirectory, CancellationToken cancellationToken)
    {
        string? written = null;
        while (true)
        {
            written = Publish(board, runId, runDirectory, written);
            try
            {
                await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The run ended: its last board (no attempts left in flight) is what stays.
                Publish(board, runId, runDirectory, written);
                return;
            }
        }
    }

    private static string? Publish(ClusterBoard board, string runId, string runDirectory, string? written)
    {
        if (board.View(runId) is not { } view)
        {
            return written;
        }

        var json = ClusterBoardFile.Serialize(view);
        if (json == written)
        {
            return written;
        }

        try
        {
            ClusterBoardFile.Write(runDirectory, view);
            return json;
        }
        catch (IOException)
        {
            // Shown a second later.
            return written;
        }
    }
}
