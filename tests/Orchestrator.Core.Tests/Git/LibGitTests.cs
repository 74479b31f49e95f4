using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

/// <summary>The in-process side answers as the git CLI it replaced: rev-parse --verify --quiet, update-ref, for-each-ref, update-ref -d.</summary>
public sealed class LibGitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly LibGit Lib = new();

    [Fact]
    public async Task Resolve_gives_what_rev_parse_gives_and_null_where_it_fails()
    {
        using var repo = TempGitRepository.Create();
        repo.Git("tag", "-a", "v1", "-m", "annotated");
        repo.WriteFile("two.txt", "2\n");
        repo.Commit("second");
        using var empty = TempGitRepository.Create(withCommit: false);
        var cli = new GitCli(new ProcessRunner());

        foreach (var revision in new[] { "HEAD", "HEAD~1", "main", "v1", repo.Git("rev-parse", "HEAD").Trim()[..10] })
        {
            var viaCli = (await cli.RunAsync(repo.Root, ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], Ct)).StandardOutput.Trim();
            Assert.Equal(viaCli, Lib.ResolveCommit(repo.Root, revision));
        }

        Assert.Equal(Lib.ResolveCommit(repo.Root, "HEAD"), Lib.ResolveCommit(Path.Combine(repo.Root, ".git"), "HEAD"));
        Assert.Null(Lib.ResolveCommit(repo.Root, "no-such-branch"));
        Assert.Null(Lib.ResolveCommit(repo.Root, "HEAD..main"));
        Assert.Null(Lib.ResolveCommit(repo.Root, "--all"));
        Assert.Null(Lib.ResolveCommit(empty.Root, "HEAD"));
        Assert.Null(Lib.ResolveCommit(Path.Combine(repo.Root, "missing-dir"), "HEAD"));
        Assert.Null(Lib.ResolveCommit(Path.GetTempPath(), "HEAD"));
    }

    [Fact]
    public void Snapshot_refs_written_from_a_linked_worktree_are_shared_listed_with_dates_and_deleted()
    {
        using var repo = TempGitRepository.Create();
        var worktree = Path.Combine(repo.WorktreesRoot, "chunk");
        repo.Git("worktree", "add", "-q", "--detach", worktree);
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var committed = DateTimeOffset.FromUnixTimeSeconds(long.Parse(repo.Git("log", "-1", "--format=%ct").Trim(), System.Globalization.CultureInfo.InvariantCulture));

        Lib.UpdateRef(worktree, "refs/so-snapshots/s1/c1-1", head);
        repo.Git("tag", "-a", "kept", "-m", "not a snapshot");
        repo.Git("update-ref", "refs/so-snapshots/s2/c1-1", "kept"); // an annotated tag: dated by the commit it peels to
        var listed = Lib.ListRefs(repo.Root, "refs/so-snapshots/");
        var deleted = Lib.DeleteRef(repo.Root, "refs/so-snapshots/s1/c1-1", out var error);
        var again = Lib.DeleteRef(repo.Root, "refs/so-snapshots/s1/c1-1", out var againError);

        Assert.Equal(head, repo.Git("rev-parse", "refs/so-snapshots/s2/c1-1^{commit}").Trim());
        Assert.Equal([new GitRefDate("refs/so-snapshots/s1/c1-1", committed), new GitRefDate("refs/so-snapshots/s2/c1-1", committed)],
            listed.Select(r => r with { CommitDate = r.CommitDate?.ToUniversalTime() }));
        Assert.True(deleted, error);
        Assert.Equal("", repo.Git("for-each-ref", "refs/so-snapshots/s1/"));
        Assert.True(again, againError); // as `git update-ref -d` of a missing ref: nothing to do is not a failure
        Assert.Throws<GitCommandException>(() => Lib.UpdateRef(repo.Root, "refs/so-snapshots/bad name", head));
    }
}
