using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

public sealed class GitCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly GitCli Git = new(new ProcessRunner());

    [Fact]
    public async Task Status_splits_staged_unstaged_untracked_including_renames_and_odd_names()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile("old name.txt", "x\n");
        repo.WriteFile("ünï.txt", "u\n");
        repo.Commit("files");
        repo.Git("mv", "old name.txt", "new name.txt");
        repo.WriteFile("ünï.txt", "changed\n");
        repo.WriteFile("dir/new.txt", "n\n");

        var status = await Git.GetStatusAsync(repo.Root, Ct);

        Assert.Equal(["new name.txt"], status.Staged);
        Assert.Equal(["ünï.txt"], status.Unstaged);
        Assert.Equal(["dir/new.txt"], status.Untracked);
    }

    [Theory]
    [InlineData("wip-ok", true)]
    [InlineData("-rf", false)]
    [InlineData("a..b", false)]
    [InlineData("has space", false)]
    [InlineData("ends.lock", false)]
    public async Task Branch_names_are_checked_by_git_itself(string name, bool valid)
    {
        using var repo = TempGitRepository.Create();

        Assert.Equal(valid, await Git.IsValidBranchNameAsync(repo.Root, name, Ct));
    }

    [Fact]
    public async Task The_main_tree_is_found_from_inside_a_linked_worktree()
    {
        using var repo = TempGitRepository.Create();
        var linked = Path.Combine(repo.WorktreesRoot, "linked");
        repo.Git("worktree", "add", "-q", "-b", "linked", linked);

        Assert.Equal(repo.Root, await Git.FindMainWorkTreeAsync(linked, Ct));
        Assert.Equal(linked, await Git.FindWorkTreeRootAsync(Path.Combine(linked), Ct));
        Assert.Null(await Git.FindWorkTreeRootAsync(Path.GetTempPath(), Ct));
    }

    [Fact]
    public async Task The_default_branch_is_main_then_master_then_the_configured_one()
    {
        using var master = TempGitRepository.Create(initialBranch: "master");
        using var trunk = TempGitRepository.Create(initialBranch: "trunk");

        Assert.Equal("master", await Git.GetDefaultBranchAsync(master.Root, Ct));
        Assert.Null(await Git.GetDefaultBranchAsync(trunk.Root, Ct));
    }
}
