using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// <c>setup.json</c> in a run directory: what build_start chose (session, runner, isolation, limits), so build_resume
/// can rebuild the same environment after a server restart. The runner is written as its name (<c>"codex"</c>).
/// </summary>
public sealed record RunSetupRecord(
    string SessionId,
    RunnerKind Runner,
    BuildIsolation Isolation,
    int? MaxParallel,
    decimal? BudgetUsd,
    bool TestsRequired)
{
    public const string FileName = "setup.json";

    /// <summary>
    /// Where the run's agents go (a cluster, without secrets, or this machine); null in runs recorded before runs kept
    /// it, which resume on whatever cluster the resuming server names.
    /// </summary>
    public RunClusterRecord? Cluster { get; init; }

    public static RunSetupRecord? Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), BuildJson.TypeInfo<RunSetupRecord>());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string runDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, BuildJson.TypeInfo<RunSetupRecord>(BuildJson.Indented)));
}
