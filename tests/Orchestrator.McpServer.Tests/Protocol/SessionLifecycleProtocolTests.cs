using System.Text.Json;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// A session lifecycle that leaves nothing behind (issue 13): resumable sessions before anything is created, resume on
/// the same branch and worktree, session_end removing what the session created, dependency symlinks out of git status.
/// </summary>
public sealed class SessionLifecycleProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Resume_reuses_the_branch_and_worktree_and_leaves_no_stray_branch()
    {
        using var repo = TempGitRepository.Create();
        string sessionId;
        string worktree;
        await using (var first = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct))
        {
            var started = await first.Client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login", ["project_root"] = repo.Root }, Ct);
            sessionId = started.GetProperty("session_id").GetString()!;
            worktree = started.GetProperty("worktree_path").GetString()!;
            await first.Client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nLogin.", ["project_root"] = repo.Root }, Ct);
            await first.Client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        }

        // A restarted server: session_start lists the unfinished session and creates nothing until told.
        await using var second = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct);
        var listed = await second.Client.CallToolAsync("session_start", new Dictionary<string, object?> { ["description"] = "Add OAuth login", ["project_root"] = repo.Root }, cancellationToken: Ct);
        var branchesAfterListing = Branches(repo);
        var resumed = await second.Client.CallOkAsync("session_start", new() { ["resume"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.True(listed.IsError is not true, ToolCalls.TextOf(listed));
        var listing = JsonSerializer.SerializeToElement(listed.StructuredContent);
        Assert.Equal("resumable", listing.GetProperty("status").GetString());
        Assert.Equal("", listing.GetProperty("session_id").GetString());
        Assert.Equal(sessionId, Assert.Single(listing.GetProperty("resumable_sessions").EnumerateArray()).GetProperty("session_id").GetString());
        Assert.Contains("Nothing was created", ToolCalls.TextOf(listed));
        Assert.Equal(["main", "wip-add-oauth-login"], branchesAfterListing);
        Assert.Equal("resumed", resumed.GetProperty("status").GetString());
        Assert.Equal(sessionId, resumed.GetProperty("session_id").GetString());
        Assert.Equal("wip-add-oauth-login", resumed.GetProperty("branch").GetString());
        Assert.Equal(worktree, resumed.GetProperty("worktree_path").GetString());
        Assert.Equal("divide", resumed.GetProperty("continue_with").GetString());
        Assert.Equal(["main", "wip-add-oauth-login"], Branches(repo));
        Assert.Equal(2, repo.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_user_picks_resume_or_new_in_a_form(bool pickResume)
    {
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        string? existing = null;
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct, options =>
        {
            options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new() } };
            options.Handlers.ElicitationHandler = (request, _) =>
            {
                asked.Add(request!);
                return ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["session"] = JsonSerializer.SerializeToElement(pickResume ? existing! : "new") },
                });
            };
        });
        existing = await PhaseFlow.StartSessionAsync(server.Client, repo.Root, Ct);

        var answered = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Dark mode", ["project_root"] = repo.Root }, Ct);

        var form = Assert.Single(asked);
        var choice = Assert.IsType<ElicitRequestParams.TitledSingleSelectEnumSchema>(form.RequestedSchema!.Properties["session"]);
        Assert.Equal([existing, "new"], choice.OneOf.Select(o => o.Const));
        Assert.Equal(pickResume ? "resumed" : "started", answered.GetProperty("status").GetString());
        Assert.Equal(pickResume, answered.GetProperty("session_id").GetString() == existing);
    }

    [Fact]
    public async Task Session_end_refuses_to_drop_uncommitted_work_and_with_force_removes_what_the_session_created()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct);
        var started = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login", ["project_root"] = repo.Root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var worktree = started.GetProperty("worktree_path").GetString()!;
        File.WriteAllText(Path.Combine(worktree, "draft.txt"), "work in progress\n");
        repo.Git("update-ref", $"refs/so-snapshots/{sessionId}/wave-1", "HEAD");
        var chunkTree = Path.Combine(repo.WorktreesRoot, ".so-chunks", sessionId, "run-1", "c1");
        repo.Git("worktree", "add", "-q", "--detach", chunkTree, "HEAD");

        var refused = await server.Client.CallErrorAsync("session_end", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var keptAfterRefusal = (Directory.Exists(worktree), Directory.Exists(chunkTree), repo.Git("for-each-ref", "refs/so-snapshots/").Length > 0);
        var ended = await server.Client.CallOkAsync("session_end", new() { ["session_id"] = sessionId, ["force"] = true, ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var next = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Dark mode", ["project_root"] = repo.Root }, Ct);

        Assert.Contains("uncommitted work: draft.txt", refused);
        Assert.Contains("force: true", refused);
        Assert.Equal((true, true, true), keptAfterRefusal);
        Assert.Equal("abandoned", ended.GetProperty("status").GetString());
        var removed = ended.GetProperty("removed").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains($"worktree {worktree}", removed);
        Assert.Contains($"chunk worktree {chunkTree}", removed);
        Assert.Contains($"snapshot ref refs/so-snapshots/{sessionId}/wave-1", removed);
        Assert.Contains(removed, r => r.StartsWith("branch wip-add-oauth-login", StringComparison.Ordinal));
        Assert.False(Directory.Exists(worktree));
        Assert.False(Directory.Exists(chunkTree));
        Assert.Equal("", repo.Git("for-each-ref", "refs/so-snapshots/").Trim());
        Assert.Equal(["main", "wip-dark-mode"], Branches(repo));
        // Left: the main tree and the new session's worktree; nothing of the ended session.
        var worktrees = repo.Git("worktree", "list", "--porcelain").Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, worktrees.Count);
        Assert.DoesNotContain(worktrees, w => w.Contains(".so-chunks", StringComparison.Ordinal) || w.EndsWith(worktree, StringComparison.Ordinal));
        Assert.Equal("abandoned", status.GetProperty("status").GetString());
        Assert.Equal("started", next.GetProperty("status").GetString());
        Assert.Empty(next.GetProperty("resumable_sessions").EnumerateArray());
    }

    [Fact]
    public async Task A_finished_session_keeps_its_branch_with_commits_and_is_marked_closed()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct);
        var started = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login", ["project_root"] = repo.Root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var worktree = started.GetProperty("worktree_path").GetString()!;
        File.WriteAllText(Path.Combine(worktree, "login.txt"), "login\n");
        TempGitRepository.GitIn(worktree, "add", "login.txt");
        TempGitRepository.GitIn(worktree, "commit", "-q", "-m", "feat: login");

        var ended = await server.Client.CallOkAsync("session_end", new() { ["session_id"] = sessionId, ["outcome"] = "finished", ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Equal("completed", ended.GetProperty("status").GetString());
        Assert.Contains(ended.GetProperty("kept").EnumerateArray(), k => k.GetString()!.StartsWith("branch wip-add-oauth-login: it holds the session's commits", StringComparison.Ordinal));
        Assert.False(Directory.Exists(worktree));
        Assert.Equal(["main", "wip-add-oauth-login"], Branches(repo));
        Assert.Equal(("completed", "closed"), (status.GetProperty("status").GetString(), status.GetProperty("phase").GetString()));
    }

    [Fact]
    public async Task Symlinked_dependency_folders_do_not_show_in_the_session_worktrees_git_status_and_catchup_lists_commits()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile(".gitignore", "node_modules/\n");
        repo.Commit("chore: ignore node_modules");
        repo.WriteFile("node_modules/left-pad/index.js", "module.exports = 1;\n");
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct);

        var started = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login", ["project_root"] = repo.Root }, Ct);
        var worktree = started.GetProperty("worktree_path").GetString()!;
        var linked = new DirectoryInfo(Path.Combine(worktree, "node_modules"));

        Assert.NotNull(linked.LinkTarget);
        Assert.Equal("", TempGitRepository.GitIn(worktree, "status", "--porcelain").Trim());
        Assert.Equal("", repo.Git("status", "--porcelain").Trim());
        Assert.Contains("/node_modules", File.ReadAllLines(Path.Combine(repo.Root, ".git", "info", "exclude")));
        var recent = started.GetProperty("catchup").GetProperty("recent_commits").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(2, recent.Count);
        Assert.EndsWith(" chore: ignore node_modules", recent[0]);
        Assert.EndsWith(" initial commit", recent[1]);
    }

    private static List<string> Branches(TempGitRepository repo) =>
        [.. repo.Git("branch", "--format=%(refname:short)").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
}
