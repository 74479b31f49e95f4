using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Sessions;

/// <summary>
/// session_start is all-or-nothing: a start that fails is rolled back, and what a start that died left behind (a
/// session folder without STATE.md, a worktree and branch nothing lists) is swept by the next start and reported.
/// </summary>
public sealed class SessionStartCleanupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_start_that_died_after_creating_its_worktree_is_swept_by_the_next_start()
    {
        using var repo = TempGitRepository.Create();
        var orphan = await StartThenDieAsync(repo);

        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;
        var next = await service.StartAsync(SessionServiceFactory.Request(repo.Root, "Add a second feature"), Ct);

        Assert.True(next.Succeeded, next.Error?.Message);
        var note = Assert.Single(next.Value.Notes, n => n.Contains("did not finish", StringComparison.Ordinal));
        Assert.Contains($"worktree {orphan.WorkTree} removed", note, StringComparison.Ordinal);
        Assert.Contains($"branch {orphan.Branch} deleted", note, StringComparison.Ordinal);
        Assert.False(Directory.Exists(orphan.WorkTree));
        Assert.False(Directory.Exists(Path.Combine(repo.Root, ".orchestrator", "sessions", orphan.Session)));
        Assert.DoesNotContain(orphan.Branch, repo.Git("branch", "--list"), StringComparison.Ordinal);
        Assert.DoesNotContain(orphan.WorkTree, repo.Git("worktree", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_orphan_worktree_with_changes_is_kept_and_reported()
    {
        using var repo = TempGitRepository.Create();
        var orphan = await StartThenDieAsync(repo);
        File.WriteAllText(Path.Combine(orphan.WorkTree, "work.txt"), "someone's work");

        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;
        var next = await service.StartAsync(SessionServiceFactory.Request(repo.Root, "Add a second feature"), Ct);

        Assert.True(next.Succeeded, next.Error?.Message);
        Assert.Contains(next.Value.Notes, n => n.Contains($"worktree {orphan.WorkTree} kept: it has changes", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(orphan.WorkTree, "work.txt")));
        Assert.False(Directory.Exists(Path.Combine(repo.Root, ".orchestrator", "sessions", orphan.Session)));
    }

    [Fact]
    public async Task A_start_that_fails_after_taking_its_folder_leaves_nothing_behind()
    {
        using var repo = TempGitRepository.Create();
        // The worktree's place is taken: the start fails after it has created its session folder and lock.
        var blocker = Path.Combine(repo.WorktreesRoot, "wip-add-oauth-login-web-app");
        Directory.CreateDirectory(blocker);
        File.WriteAllText(Path.Combine(blocker, "x"), "occupied");
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);

        Assert.False(outcome.Succeeded);
        Assert.Equal(ErrorCode.Conflict, outcome.Error.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(repo.Root, ".orchestrator", "sessions")));
        Assert.DoesNotContain("wip-add-oauth-login-web-app", repo.Git("branch", "--list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_start_of_another_server_is_never_swept()
    {
        using var repo = TempGitRepository.Create();
        var (first, firstLocks) = SessionServiceFactory.Create();
        await using var __ = firstLocks;
        var started = (await first.StartAsync(SessionServiceFactory.Request(repo.Root), Ct)).Value!;
        var sessionDirectory = Path.Combine(repo.Root, ".orchestrator", "sessions", started.State.Session);
        // Still creating: no STATE.md yet, but its owner (this process, another lock manager) is alive.
        File.Delete(Path.Combine(sessionDirectory, SessionStore.StateFileName));

        var (second, secondLocks) = SessionServiceFactory.Create();
        await using var _ = secondLocks;
        var next = await second.StartAsync(SessionServiceFactory.Request(repo.Root, "Add a second feature"), Ct);

        Assert.True(next.Succeeded, next.Error?.Message);
        Assert.DoesNotContain(next.Value.Notes, n => n.Contains("did not finish", StringComparison.Ordinal));
        Assert.True(Directory.Exists(sessionDirectory));
        Assert.True(Directory.Exists(started.State.WorkTree));
    }

    // A start that got as far as its worktree and branch, then died: no STATE.md, an intent file, no live lock.
    private static async Task<SessionState> StartThenDieAsync(TempGitRepository repo)
    {
        var (service, locks) = SessionServiceFactory.Create();
        var started = await service.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);
        Assert.True(started.Succeeded, started.Error?.Message);
        var state = started.Value.State;
        await locks.DisposeAsync();
        var directory = Path.Combine(repo.Root, ".orchestrator", "sessions", state.Session);
        File.Delete(Path.Combine(directory, SessionStore.StateFileName));
        SessionStartCleanup.WriteIntent(directory, new SessionStartIntent(state.Branch, SessionIsolation.Worktree, state.WorkTree, state.SessionStartRef));
        return state;
    }
}
