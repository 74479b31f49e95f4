using Orchestrator.Core.Agents;

namespace Orchestrator.Cluster.Workers;

/// <summary>Which runner CLIs a worker can start: <c>claude</c> and <c>codex</c> when on PATH; <c>command</c> always (the job names its executable, checked when it arrives).</summary>
internal static class WorkerRunnerProbe
{
    public static string[] Find()
    {
        var found = new List<string>();
        foreach (var (kind, executable) in new[] { (RunnerKind.Claude, "claude"), (RunnerKind.Codex, "codex") })
        {
            if (AgentExecutableResolver.Resolve(null, executable, executable, "install it").Succeeded)
            {
                found.Add(RunnerKinds.Name(kind));
            }
        }

        found.Add(RunnerKinds.Name(RunnerKind.Command));
        return [.. found];
    }
}
