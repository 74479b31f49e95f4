using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

/// <summary>
/// The in-process side answers as the git CLI it replaced: rev-parse --verify --quiet, update-ref, for-each-ref,
/// update-ref -d. Both implementations meet the same expectations: libgit2 (<see cref="LibGit"/>) and the git CLI
/// (<see cref="GitCliLookups"/>, what the native build uses).
/// </summary>
public sealed class LibGitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Implementations => ["libgit2", "cli"];

    private static ILibGit Of(string implementation) =>
        implementation == "cli" ? new GitCliLookups(new GitCli(new ProcessRunner())) : new LibGit();

    [Theory]
    [MemberData(nameof(Implementations))]
    public async Task Resolve_gives_what_rev_parse_gives_and_null_where_it_fails(string implementation)
    {
        var lib = Of(implementation);
        using var repo = TempGitRepository.Create();
        repo.Git("tag", "-a", "v1", "-m", "annotated");
        repo.WriteFile("two.txt", "2\n");
        repo.Commit("second");
        using var empty = TempGitRepository.Create(withCommit: false);
        var cli = new GitCli(new ProcessRunner());

        foreach (var revision in new[] { "HEAD", "HEAD~1", "main", "v1", repo.Git("rev-parse", "HEAD").Trim()[..10] })
        {
            var viaCli = (await cli.RunAsync(repo.Root, ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], Ct)).StandardOutput.Trim();
            Assert.Equal(viaCli, lib.ResolveCommit(repo.Root, revision));
        }

        Assert.Equal(lib.ResolveCommit(repo.Root, "HEAD"), lib.ResolveCommit(Path.Combine(repo.Root, ".git"), "HEAD"));
        Assert.Null(lib.ResolveCommit(repo.Root, "no-such-branch"));
        Assert.Null(lib.ResolveCommit(repo.Root, "HEAD..main"));
        Assert.Null(lib.ResolveCommit(repo.Root, "--all"));
        Assert.Null(lib.ResolveCommit(empty.Root, "HEAD"));
        Assert.Null(lib.ResolveCommit(Path.Combine(repo.Root, "missing-dir"), "HEAD"));
        Assert.Null(lib.ResolveCommit(Path.GetTempPath(), "HEAD"));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Snapshot_refs_written_from_a_linked_worktree_are_shared_listed_with_dates_and_deleted(string implementation)
    {
        var lib = Of(implementation);
        using var repo = TempGitRepository.Create();
        var worktree = Path.Combine(repo.WorktreesRoot, "chunk");
        repo.Git("worktree", "add", "-q", "--detach", worktree);
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var committed = DateTimeOffset.FromUnixTimeSeconds(long.Parse(repo.Git("log", "-1", "--format=%ct").Trim(), System.Globalization.CultureInfo.InvariantCulture));

        lib.UpdateRef(worktree, "refs/so-snapshots/s1/c1-1", head);
        repo.Git("tag", "-a", "kept", "-m", "not a snapshot");
        repo.Git("update-ref", "refs/so-snapshots/s2/c1-1", "kept"); // an annotated tag: dated by the commit it peels to
        var listed = lib.ListRefs(repo.Root, "refs/so-snapshots/");
        var deleted = lib.DeleteRef(repo.Root, "refs/so-snapshots/s1/c1-1", out var error);
        var again = lib.DeleteRef(repo.Root, "refs/so-snapshots/s1/c1-1", out var againError);

        Assert.Equal(head, repo.Git("rev-parse", "refs/so-snapshots/s2/c1-1^{commit}").Trim());
        Assert.Equal([new GitRefDate("refs/so-snapshots/s1/c1-1", committed), new GitRefDate("refs/so-snapshots/s2/c1-1", committed)],
            listed.Select(r => r with { CommitDate = r.CommitDate?.ToUniversalTime() }));
        Assert.True(deleted, error);
        Assert.Equal("", repo.Git("for-each-ref", "refs/so-snapshots/s1/"));
        Assert.True(again, againError); // as `git update-ref -d` of a missing ref: nothing to do is not a failure
        Assert.Throws<GitCommandException>(() => lib.UpdateRef(repo.Root, "refs/so-snapshots/bad name", head));
    }

    [Fact]
    public void The_managed_build_reads_through_libgit2_unless_the_switch_is_off()
    {
        Assert.True(GitFeatures.InProcessSupported); // the native build sets Orchestrator.Git.InProcess.IsSupported=false
        Assert.IsType<LibGit>(new GitCli(new ProcessRunner()).InProcess);
    }
}
