using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Sessions;

public sealed class SessionServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_on_default_branch_creates_a_worktree_on_a_wip_branch_and_a_state_file()
    {
        using var repo = TempGitRepository.Create();
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        var state = outcome.Value.State;
        Assert.Equal("wip-add-oauth-login-web-app", state.Branch);
        Assert.Equal(SessionIsolation.Worktree, state.Isolation);
        Assert.Equal(Path.Combine(repo.WorktreesRoot, "wip-add-oauth-login-web-app"), state.WorkTree);
        Assert.True(File.Exists(Path.Combine(state.WorkTree, "README.md")), "the worktree is checked out");
        Assert.Equal("wip-add-oauth-login-web-app", TempGitRepository.GitIn(state.WorkTree, "branch", "--show-current"));
        Assert.Equal("main", repo.Git("branch", "--show-current"));
        Assert.Equal(repo.Root, state.ProjectRoot);
        Assert.Equal(repo.Git("rev-parse", "HEAD"), state.SessionStartRef);
        var statePath = Path.Combine(repo.Root, ".orchestrator", "sessions", state.Session, "STATE.md");
        Assert.True(File.Exists(statePath));
        Assert.Contains("/.orchestrator/", File.ReadAllText(Path.Combine(repo.Root, ".git", "info", "exclude")));
        Assert.Equal("", repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task Worktree_gets_ignored_heavy_folders_symlinked_and_env_files_copied()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile(".gitignore", "node_modules/\n.env*\nbuild/\n");
        repo.Commit("ignore");
        repo.WriteFile("node_modules/left-pad/index.js", "module.exports = 1;\n");
        repo.WriteFile(".env.local", "TOKEN=abc\n");
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        var workTree = outcome.Value.State.WorkTree;
        var link = new DirectoryInfo(Path.Combine(workTree, "node_modules"));
        Assert.Equal(Path.Combine(repo.Root, "node_modules"), link.LinkTarget);
        Assert.True(File.Exists(Path.Combine(workTree, "node_modules", "left-pad", "index.js")));
        Assert.Equal("TOKEN=abc\n", File.ReadAllText(Path.Combine(workTree, ".env.local")));
        Assert.False(Directory.Exists(Path.Combine(workTree, "build")), "absent folders are not invented");
    }

    [Fact]
    public async Task Issue_work_gets_a_typed_worktree_branch_without_the_issue_number()
    {
        using var repo = TempGitRepository.Create();
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(
            SessionServiceFactory.Request(repo.Root, "Fix the crash when saving an empty draft", issues: ["#123 bug: crash on save"]), Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal("worktree-bug-fix-crash-saving-empty-draft", outcome.Value.State.Branch);
        Assert.Equal(["#123 bug: crash on save"], outcome.Value.State.Issues);
    }

    [Fact]
    public async Task In_place_isolation_creates_and_switches_to_the_branch_in_the_users_tree()
    {
        using var repo = TempGitRepository.Create();
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root, isolation: SessionIsolation.InPlace, baseName: "oauth login"), Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal("wip-oauth-login", outcome.Value.State.Branch);
        Assert.Equal(repo.Root, outcome.Value.State.WorkTree);
        Assert.Equal("wip-oauth-login", repo.Git("branch", "--show-current"));
        Assert.False(Directory.Exists(repo.WorktreesRoot));
    }

    [Fact]
    public async Task On_a_feature_branch_the_session_stays_put_and_reports_the_catchup()
    {
        using var repo = TempGitRepository.Create();
        repo.Git("switch", "-q", "-c", "bug-123-crash-on-save");
        repo.WriteFile("src/app.cs", "class App {}\n");
        repo.Commit("first fix");
        repo.WriteFile("src/app.cs", "class App { }\n");
        repo.WriteFile("src/staged.cs", "class Staged {}\n");
        repo.Git("add", "src/staged.cs");
        repo.WriteFile("notes.txt", "untracked\n");
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root, isolation: SessionIsolation.Worktree), Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        var (state, catchup) = (outcome.Value.State, outcome.Value.Catchup);
        Assert.Equal(SessionIsolation.ExistingBranch, state.Isolation);
        Assert.Equal("bug-123-crash-on-save", state.Branch);
        Assert.Equal(repo.Root, state.WorkTree);
        Assert.Single(outcome.Value.Notes);
        Assert.Equal("bug-123-crash-on-save", catchup.CurrentBranch);
        Assert.Equal("main", catchup.BaseBranch);
        Assert.Equal(1, catchup.CommitsAhead);
        Assert.Equal(123, catchup.LinkedIssue);
        Assert.Equal(["src/app.cs"], catchup.FilesChangedVsBase);
        Assert.Equal(["src/staged.cs"], catchup.Staged);
        Assert.Equal(["src/app.cs"], catchup.Unstaged);
        Assert.Equal(["notes.txt"], catchup.Untracked);
    }

    [Fact]
    public async Task Earlier_unfinished_sessions_are_reported_as_resumable()
    {
        using var repo = TempGitRepository.Create();
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;
        var first = await service.StartAsync(SessionServiceFactory.Request(repo.Root, "Add OAuth login"), Ct);

        // Resumable sessions come first: a new one only when asked for (new: true).
        var second = await service.StartAsync(SessionServiceFactory.Request(repo.Root, "Add OAuth login") with { New = true }, Ct);

        Assert.True(second.Succeeded, second.Error?.Message);
        var resumable = Assert.Single(second.Value.ResumableSessions);
        Assert.Equal(first.Value!.State.Session, resumable.SessionId);
        Assert.Equal(Environment.ProcessId, resumable.LockedByPid);
        Assert.Equal("wip-add-oauth-login", first.Value.State.Branch);
        Assert.Equal("wip-add-oauth-login-2", second.Value.State.Branch);
    }

    [Fact]
    public async Task Without_new_an_unfinished_session_blocks_creating_another_and_nothing_is_created()
    {
        using var repo = TempGitRepository.Create();
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;
        var first = await service.StartAsync(SessionServiceFactory.Request(repo.Root, "Add OAuth login"), Ct);
        Assert.True(first.Succeeded, first.Error?.Message);
        var branches = repo.Git("branch", "--list");

        var refused = await service.StartAsync(SessionServiceFactory.Request(repo.Root, "Add OAuth login"), Ct);
        var resumed = await service.ResumeAsync(repo.Root, first.Value.State.Session, Ct);

        Assert.False(refused.Succeeded);
        Assert.Contains(first.Value.State.Session, refused.Error.Message);
        Assert.Contains("new: true", refused.Error.Message);
        Assert.Equal(branches, repo.Git("branch", "--list"));
        Assert.True(resumed.Succeeded, resumed.Error?.Message);
        Assert.True(resumed.Value.Resumed);
        Assert.Equal((first.Value.State.Branch, first.Value.State.WorkTree, "spec"), (resumed.Value.State.Branch, resumed.Value.State.WorkTree, resumed.Value.ContinueWith));
    }

    [Fact]
    public async Task A_second_process_cannot_start_a_session_in_a_tree_whose_session_is_held_live()
    {
        using var repo = TempGitRepository.Create();
        repo.Git("switch", "-q", "-c", "feature-x");
        var (first, firstLocks) = SessionServiceFactory.Create();
        var (second, secondLocks) = SessionServiceFactory.Create();
        await using var _ = firstLocks;
        await using var __ = secondLocks;
        var held = await first.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);
        Assert.True(held.Succeeded, held.Error?.Message);

        var refused = await second.StartAsync(SessionServiceFactory.Request(repo.Root) with { New = true }, Ct);

        Assert.False(refused.Succeeded);
        Assert.Equal(ErrorCode.SessionLocked, refused.Error.Code);
        Assert.Contains(held.Value.State.Session, refused.Error.Message);
        Assert.Contains($"pid {Environment.ProcessId}", refused.Error.Message);
    }

    [Fact]
    public async Task Not_a_git_repository_is_an_error_that_says_how_to_fix_it()
    {
        var folder = Directory.CreateTempSubdirectory("orch-not-git-").FullName;
        try
        {
            var (service, locks) = SessionServiceFactory.Create();
            await using var _ = locks;

            var outcome = await service.StartAsync(SessionServiceFactory.Request(folder), Ct);

            Assert.False(outcome.Succeeded);
            Assert.Equal(ErrorCode.NotAGitRepository, outcome.Error.Code);
            Assert.Contains("not inside a git work tree", outcome.Error.Message);
            Assert.Contains("git init", outcome.Error.Message);
            Assert.False(Directory.Exists(Path.Combine(folder, ".orchestrator")), "nothing is written for a refused start");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("-rf")]
    [InlineData("...")]
    public async Task An_unusable_base_name_is_refused_before_anything_is_created(string baseName)
    {
        using var repo = TempGitRepository.Create();
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root, baseName: baseName), Ct);

        Assert.False(outcome.Succeeded);
        Assert.Equal(ErrorCode.InvalidBranchName, outcome.Error.Code);
        Assert.Contains("base_name", outcome.Error.Message);
        Assert.Equal("main", repo.Git("branch", "--show-current"));
        Assert.Equal("main", repo.Git("branch", "--format=%(refname:short)"));
    }

    [Fact]
    public async Task A_repository_without_commits_is_refused_with_the_fix()
    {
        using var repo = TempGitRepository.Create(withCommit: false);
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains("no commits yet", outcome.Error.Message);
    }

    [Fact]
    public async Task Unknown_and_malformed_session_ids_are_clear_errors()
    {
        using var repo = TempGitRepository.Create();
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;
        var project = (await service.LocateAsync(repo.Root, Ct)).Value!;

        var unknown = await service.FindAsync(project, "20260101-000000-nothing-here-0000", Ct);
        var traversal = await service.FindAsync(project, "../../etc", Ct);
        var none = await service.FindAsync(project, null, Ct);

        Assert.Equal(ErrorCode.UnknownSession, unknown.Error!.Code);
        Assert.Contains("No session '20260101-000000-nothing-here-0000'", unknown.Error.Message);
        Assert.Equal(ErrorCode.UnknownSession, traversal.Error!.Code);
        Assert.Contains("is not a session id", traversal.Error.Message);
        Assert.Contains("session_start", none.Error!.Message);
    }

    [Fact]
    public async Task Worktree_root_is_configurable_in_config_yaml_and_config_typos_are_reported()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile(".orchestrator/config.yaml", "worktree_root: ../elsewhere\n");
        var (service, locks) = SessionServiceFactory.Create();
        await using var _ = locks;

        var outcome = await service.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.StartsWith(Path.GetFullPath(Path.Combine(repo.Root, "..", "elsewhere")), outcome.Value.State.WorkTree);

        repo.WriteFile(".orchestrator/config.yaml", "worktree_rot: ../elsewhere\n");
        var typo = await service.StartAsync(SessionServiceFactory.Request(repo.Root), Ct);
        Assert.False(typo.Succeeded);
        Assert.Contains("config.yaml line 1", typo.Error.Message);
        Assert.Contains("worktree_rot", typo.Error.Message);
    }
}
