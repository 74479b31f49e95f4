using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Sessions;

/// <summary>Every tool call locates its project: found once per directory, then reused while it still holds.</summary>
public sealed class ProjectLocatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_call_for_the_same_directory_starts_no_git_process()
    {
        using var repo = TempGitRepository.Create();
        var processes = new CountingProcessRunner();
        var locator = new ProjectLocator(new GitCli(processes));

        var first = await locator.LocateAsync(repo.Root, Ct);
        var afterFirst = processes.Started.Count;
        var second = await locator.LocateAsync(repo.Root + "/", Ct);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal(2, afterFirst);
        Assert.Equal(afterFirst, processes.Started.Count);
        Assert.Same(first.Value, second.Value);
        Assert.Equal((repo.Root, repo.Root, Path.Combine(repo.Root, ".git")),
            (first.Value!.WorkTreeRoot, first.Value.MainWorkTreeRoot, first.Value.CommonGitDirectory));
    }

    [Fact]
    public async Task A_linked_worktree_is_located_to_its_main_tree_and_kept()
    {
        using var repo = TempGitRepository.Create();
        var linked = repo.Root + "-worktrees/feature";
        repo.Git("worktree", "add", "-q", "-b", "feature", linked);
        var processes = new CountingProcessRunner();
        var locator = new ProjectLocator(new GitCli(processes));

        var first = await locator.LocateAsync(Path.Combine(linked), Ct);
        var second = await locator.LocateAsync(linked, Ct);

        Assert.Equal((linked, repo.Root), (first.Value!.WorkTreeRoot, first.Value.MainWorkTreeRoot));
        Assert.Same(first.Value, second.Value);
        Assert.Equal(2, processes.Started.Count);
    }

    [Fact]
    public async Task A_kept_location_is_dropped_when_it_no_longer_holds()
    {
        using var repo = TempGitRepository.Create();
        var sub = Path.Combine(repo.Root, "packages", "web");
        Directory.CreateDirectory(sub);
        var processes = new CountingProcessRunner();
        var locator = new ProjectLocator(new GitCli(processes));
        var outer = await locator.LocateAsync(sub, Ct);

        // A repository created between the directory and the kept work tree is the nearer one now.
        TempGitRepository.GitIn(sub, "init", "-q");
        var nested = await locator.LocateAsync(sub, Ct);
        // Its .git gone again: back to the outer repository.
        Directory.Delete(Path.Combine(sub, ".git"), recursive: true);
        var outerAgain = await locator.LocateAsync(sub, Ct);
        // The repository itself gone: no stale answer.
        Directory.Delete(Path.Combine(repo.Root, ".git"), recursive: true);
        var gone = await locator.LocateAsync(sub, Ct);
        Directory.Delete(repo.Root, recursive: true);
        var missing = await locator.LocateAsync(sub, Ct);

        Assert.Equal(repo.Root, outer.Value!.WorkTreeRoot);
        Assert.Equal(sub, nested.Value!.WorkTreeRoot);
        Assert.Equal(repo.Root, outerAgain.Value!.WorkTreeRoot);
        Assert.Equal(ErrorCode.NotAGitRepository, gone.Error!.Code);
        Assert.Contains("is not inside a git work tree", gone.Error.Message);
        Assert.Contains("does not exist", missing.Error!.Message);
        Assert.Equal(7, processes.Started.Count);
    }
}
