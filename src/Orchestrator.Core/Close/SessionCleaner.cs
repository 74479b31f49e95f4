using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close;

/// <summary>
/// Removes what a closed session no longer needs: its snapshot refs (and expired ones of other sessions), chunk
/// worktrees left by a crashed run, and the wave-scope file. A dry run only lists the refs.
/// </summary>
public sealed class SessionCleaner(IGit git, TimeProvider timeProvider)
{
    public const string WaveScopeFileName = "wave-scope.json";

    public async Task<SessionCleanupResult> CleanAsync(ProjectContext project, OrchestratorOptions options, SessionState state, string sessionDirectory,
        IReadOnlyList<RunEvidence> runs, bool dryRun, ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(problems);
        var snapshots = await new SnapshotRefCleaner(git, timeProvider)
            .CleanAsync(project.MainWorkTreeRoot, state.Session, TimeSpan.FromDays(Math.Max(1, options.Close.SnapshotMaxAgeDays)), dryRun, cancellationToken).ConfigureAwait(false);
        foreach (var problem in snapshots.Problems)
        {
            problems.Add(problem);
        }

        if (dryRun)
        {
            return new SessionCleanupResult(snapshots, []);
        }

        // Chunk worktrees left by a crashed process; when every run of the session has finished, none can be live.
        var allRunsFinished = runs.All(r => r.Result is not null);
        var staleWorktrees = await new ChunkWorktreeJanitor(git)
            .RemoveStaleAsync(project.MainWorkTreeRoot, options, state.Session, includeLiveRuns: allRunsFinished, cancellationToken).ConfigureAwait(false);
        var waveScope = Path.Combine(sessionDirectory, WaveScopeFileName);
        if (File.Exists(waveScope))
        {
            File.Delete(waveScope);
        }

        return new SessionCleanupResult(snapshots, staleWorktrees);
    }
}
