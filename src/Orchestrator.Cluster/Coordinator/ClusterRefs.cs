using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Close;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// The refs of a remote attempt, all under <c>refs/so-cluster/&lt;session&gt;/&lt;run&gt;/&lt;job&gt;/</c>: <c>base</c> (the code sent)
/// and <c>result-&lt;n&gt;</c> (what the n-th placement sent back). Close removes the session's refs.
/// </summary>
internal static class ClusterRefs
{
    public static string Slug(string id) => ChunkWorktreeLocations.Safe(id);

    public static string Folder(string sessionId, string runId, string jobId) =>
        $"{SnapshotRefCleaner.ClusterNamespace}{Slug(sessionId)}/{Slug(runId)}/{Slug(jobId)}";

    public static string Base(string folder) => folder + "/base";

    public static string Result(string folder, int placement) => $"{folder}/result-{placement}";
}
