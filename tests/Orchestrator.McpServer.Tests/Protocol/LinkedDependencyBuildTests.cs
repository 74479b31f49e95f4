using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// A project with installed dependencies, the way most users have one: session_start links the ignored
/// <c>node_modules</c> into the session's worktree, and a build with worktree isolation must snapshot that tree, run its
/// chunks in pool slots and apply them (a bug that failed every such build at its first snapshot went unseen because no
/// test had a dependency folder in the session worktree).
/// </summary>
public sealed class LinkedDependencyBuildTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("node_modules")]
    [InlineData("node_modules/")]
    public async Task A_session_worktree_with_a_linked_dependency_folder_builds_and_closes(string gitignoreLine)
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile(".gitignore", gitignoreLine + "\n");
        repo.Commit("ignore dependencies");
        repo.WriteFile("node_modules/left-pad/index.js", "module.exports = s => s;\n");
        SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);

        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, SleepingAgents.Chunks("c1", "c2"), Ct);
        var started = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var ended = await PhaseFlow.WaitForEndAsync(client, started.GetProperty("run_id").GetString()!, repo.Root, Ct);

        Assert.Equal("completed", ended.GetProperty("status").GetString());
        var workTree = SessionWorkTree(repo);
        Assert.Equal(Path.Combine(repo.Root, "node_modules"), new DirectoryInfo(Path.Combine(workTree, "node_modules")).LinkTarget);
        Assert.Equal("c1\n", File.ReadAllText(Path.Combine(workTree, "src/c1.txt")));
        Assert.Equal("c2\n", File.ReadAllText(Path.Combine(workTree, "src/c2.txt")));
        Assert.True(File.Exists(Path.Combine(repo.Root, "node_modules/left-pad/index.js")), "the linked folder is never touched");

        // Close commits the chunks' files, never the link.
        await CloseToolProtocolTests.ApprovePublishAsync(client, sessionId, repo.Root);
        var closed = await client.CallOkAsync("close", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        Assert.Equal("committed", closed.GetProperty("commit_status").GetString());
        var committed = closed.GetProperty("commits").EnumerateArray().SelectMany(c => c.GetProperty("files").EnumerateArray()).Select(f => f.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["src/c1.txt", "src/c2.txt"], committed);
        Assert.DoesNotContain("node_modules", TempGitRepository.GitIn(workTree, "ls-tree", "-r", "--name-only", "HEAD"), StringComparison.Ordinal);
        Assert.Equal(Path.Combine(repo.Root, "node_modules"), new DirectoryInfo(Path.Combine(workTree, "node_modules")).LinkTarget);
    }

    // The session's worktree: the one other than the main tree on a branch (pool slots are detached).
    private static string SessionWorkTree(TempGitRepository repo)
    {
        var trees = repo.Git("worktree", "list", "--porcelain").Split("\n\n")
            .Where(block => block.Contains("\nbranch ", StringComparison.Ordinal))
            .Select(block => block.Split('\n')[0]["worktree ".Length..])
            .Where(path => path != repo.Root);
        return Assert.Single(trees);
    }
}
