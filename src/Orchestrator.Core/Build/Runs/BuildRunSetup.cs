using Orchestrator.Core.Agents;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Build.Runs;

/// <summary>What a run is about to be wired with: who runs its agents, where they work, how tests are checked.</summary>
/// <param name="SessionId">The session the run belongs to (snapshot refs live under <c>refs/so-snapshots/&lt;SessionId&gt;/</c>).</param>
/// <param name="RunId">The run.</param>
/// <param name="RunDirectory"><c>.orchestrator/runs/&lt;RunId&gt;</c>.</param>
/// <param name="MainWorkTreeRoot">The repository's main working tree (holds <c>.orchestrator/</c>).</param>
/// <param name="SessionTree">The tree the session works in; finished chunks land here.</param>
/// <param name="Runner">Who runs the agents (a <see cref="RunnerKind.Host"/> runner offers the run's jobs under <paramref name="RunId"/>).</param>
/// <param name="Isolation">Per-chunk worktrees (default) or the shared session tree.</param>
/// <param name="TestsRequired">When true, the server runs the configured test command after each chunk.</param>
/// <param name="Options">The repository's <c>.orchestrator/config.yaml</c>.</param>
/// <param name="MaxParallel">The run's <c>max_parallel</c> (0 or null: unbounded); sizes the worktree pool unless config.yaml does.</param>
/// <param name="Cluster">The cluster its agents go to (as recorded with the run); null: this machine.</param>
public sealed record BuildRunSetup(
    string SessionId,
    string RunId,
    string RunDirectory,
    string MainWorkTreeRoot,
    string SessionTree,
    RunnerKind Runner,
    BuildIsolation Isolation,
    bool TestsRequired,
    OrchestratorOptions Options,
    int? MaxParallel = BuildOptions.DefaultMaxParallel,
    ClusterTarget? Cluster = null);
