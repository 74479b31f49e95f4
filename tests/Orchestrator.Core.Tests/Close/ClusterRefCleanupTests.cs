using Orchestrator.Core.Close;
using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Close;

/// <summary>Close removes the cluster mode's attempt refs of its session like its snapshot refs; other sessions' recent refs stay.</summary>
public sealed class ClusterRefCleanupTests
{
    [Fact]
    public async Task The_sessions_cluster_refs_are_deleted_and_another_sessions_recent_ones_stay()
    {
        using var repo = TempGitRepository.Create();
        var head = repo.Git("rev-parse", "HEAD");
        repo.Git("update-ref", "refs/so-cluster/s1/r1/r1_exec_0_c1_1_3/base", head);
        repo.Git("update-ref", "refs/so-cluster/s1/r1/r1_exec_0_c1_1_3/result-1", head);
        repo.Git("update-ref", "refs/so-cluster/s2/r9/job/base", head);
        repo.Git("update-ref", "refs/so-snapshots/s1/wave-1-c1-1", head);

        var cleanup = await new SnapshotRefCleaner(new GitCli(new ProcessRunner()), TimeProvider.System)
            .CleanAsync(repo.Root, "s1", TimeSpan.FromDays(14), dryRun: false, TestContext.Current.CancellationToken);

        Assert.Equal(3, cleanup.SessionRefs.Count);
        Assert.Empty(cleanup.Problems);
        Assert.Equal("refs/so-cluster/s2/r9/job/base", repo.Git("for-each-ref", "--format=%(refname)", "refs/so-cluster/", "refs/so-snapshots/"));
    }
}
