using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The cluster board of a run as its coordinator (the detached run worker) last wrote it, in the run's folder: the
/// server answering build_status is another process and reads it from here.
/// </summary>
public static class ClusterBoardFile
{
    public const string FileName = "cluster.json";

    /// <summary>Writes <paramref name="view"/> (atomically) to <paramref name="runDirectory"/>.</summary>
    public static void Write(string runDirectory, ClusterBoardView view) =>
        AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), Serialize(view));

    /// <summary>The JSON <see cref="Write"/> writes, to compare before writing.</summary>
    public static string Serialize(ClusterBoardView view) => JsonSerializer.Serialize(view, ClusterBoardJsonContext.Default.ClusterBoardView);

    /// <summary>The last board written for the run in <paramref name="runDirectory"/>; null when none (not a cluster run) or unreadable.</summary>
    public static ClusterBoardView? Read(string runDirectory)
    {
        try
        {
            var path = Path.Combine(runDirectory, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), ClusterBoardJsonContext.Default.ClusterBoardView) : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
