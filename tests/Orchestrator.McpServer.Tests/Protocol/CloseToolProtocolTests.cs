using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary><c>close</c> through the SDK's real client: a dry run, the publish gate (close shows what it would publish, approve records the decision), then the real close of a session with one finished build run.</summary>
public sealed class CloseToolProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Close_dry_run_then_close_commit_the_done_chunk_and_report()
    {
        using var repo = TempGitRepository.Create();
        // No reviewer agent in a protocol test: a real runner would start a real CLI.
        repo.WriteFile(".orchestrator/config.yaml", "close:\n  review_diff: false\ncommands:\n  test: \"true\"\n");
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var started = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add hello notes", ["issues"] = new[] { "#7" }, ["project_root"] = repo.Root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var workTree = started.GetProperty("worktree_path").GetString()!;
        await BuildOneChunkAsync(repo.Root, sessionId, workTree);
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = repo.Root };

        var dry = await server.Client.CallOkAsync("close", new(arguments) { ["dry_run"] = true }, Ct);
        var headBefore = TempGitRepository.GitIn(workTree, "rev-parse", "HEAD");
        var awaiting = await server.Client.CallToolAsync("close", arguments, cancellationToken: Ct);
        var preview = System.Text.Json.JsonSerializer.SerializeToElement(awaiting.StructuredContent);
        var approved = await server.Client.CallOkAsync("approve", new(arguments) { ["gate"] = "publish", ["decision"] = "approve" }, Ct);
        Assert.Equal(headBefore, TempGitRepository.GitIn(workTree, "rev-parse", "HEAD"));
        var progress = new ProgressRecorder();
        var call = await progress.CallToolAsync(server.Client, "close", arguments, Ct);
        Assert.True(call.IsError is not true, ToolCalls.TextOf(call));
        var closed = System.Text.Json.JsonSerializer.SerializeToElement(call.StructuredContent);
        Assert.True(SpinWait.SpinUntil(() => progress.Values.Any(v => v.Progress == 8), TimeSpan.FromSeconds(30)), "close never reported step 8/8");
        var steps = progress.Values.Select(value => $"{value.Progress}/{value.Total} {value.Message}").ToList();
        var status = await server.Client.CallOkAsync("session_status", arguments, Ct);
        var unknown = await server.Client.CallErrorAsync("close", new() { ["session_id"] = "20990101-000000-nope-0000", ["project_root"] = repo.Root }, Ct);

        Assert.True(dry.GetProperty("dry_run").GetBoolean());
        Assert.True(awaiting.IsError is not true, ToolCalls.TextOf(awaiting));
        Assert.Equal("awaiting_approval", preview.GetProperty("status").GetString());
        Assert.Equal("publish", preview.GetProperty("gate").GetString());
        Assert.Equal("awaiting_approval", preview.GetProperty("commit_status").GetString());
        Assert.Equal(["notes/hello.md"], preview.GetProperty("preview").GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("docs(notes): add hello notes", Assert.Single(preview.GetProperty("preview").GetProperty("commits").EnumerateArray()).GetProperty("subject").GetString());
        Assert.Contains("approve(gate: \"publish\"", ToolCalls.TextOf(awaiting));
        Assert.Equal(("publish", "approved"), (approved.GetProperty("gate").GetString(), approved.GetProperty("status").GetString()));
        Assert.Equal("would_commit", dry.GetProperty("commit_status").GetString());
        Assert.Equal(headBefore, TempGitRepository.GitIn(workTree, "rev-parse", "HEAD~1"));
        Assert.Equal("committed", closed.GetProperty("commit_status").GetString());
        var commit = Assert.Single(closed.GetProperty("commits").EnumerateArray());
        Assert.Equal(["notes/hello.md"], commit.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(TempGitRepository.GitIn(workTree, "rev-parse", "HEAD"), commit.GetProperty("sha").GetString());
        var message = TempGitRepository.GitIn(workTree, "log", "-1", "--format=%B");
        Assert.StartsWith("docs(notes): add hello notes\n\n- c1: Write the hello notes (notes written)\n\nCloses #7", message);
        Assert.Equal(0, closed.GetProperty("issues_created").GetArrayLength());
        Assert.Equal("passed", closed.GetProperty("gate").GetProperty("status").GetString());
        Assert.Equal("skipped", closed.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal(sessionId, closed.GetProperty("metrics").GetProperty("session_id").GetString());
        Assert.Equal(1.0, closed.GetProperty("metrics").GetProperty("completion_rate").GetDouble());
        Assert.Contains("### Completed", closed.GetProperty("report").GetString());
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal("closed", status.GetProperty("phase").GetString());
        Assert.Contains("No session '20990101-000000-nope-0000'", unknown);
        Assert.Contains("3/8 close: running the quality gate", steps);
        Assert.Contains("8/8 close: writing metrics, learnings, handover and report", steps);
    }

    /// <summary>The first close stops at the publish gate; the user's approval (here the caller's) lets the next one commit.</summary>
    internal static async Task ApprovePublishAsync(ModelContextProtocol.Client.McpClient client, string sessionId, string repoRoot)
    {
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = repoRoot };
        var awaiting = await client.CallOkAsync("close", arguments, Ct);
        Assert.Equal("awaiting_approval", awaiting.GetProperty("status").GetString());
        await client.CallOkAsync("approve", new(arguments) { ["gate"] = "publish", ["decision"] = "approve" }, Ct);
    }

    internal static async Task BuildOneChunkAsync(string repoRoot, string sessionId, string workTree)
    {
        var sessions = Path.Combine(repoRoot, ".orchestrator", "sessions");
        var store = new SessionStore(sessions);
        var chunk = Chunk("c1", files: ["notes/hello.md"], scope: "Write the hello notes");
        await store.WriteDocumentAsync(sessionId, "chunks.json", ChunkPlanJson.Serialize([chunk]), Ct);
        Directory.CreateDirectory(Path.Combine(workTree, "notes"));
        await File.WriteAllTextAsync(Path.Combine(workTree, "notes", "hello.md"), "# Hello\n", Ct);
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Done("notes written", "notes/hello.md"));
        var result = await new BuildLoop(runner, TimeProvider.System).RunAsync(new BuildRunRequest("run-1",
            Path.Combine(repoRoot, ".orchestrator", "runs", "run-1"), workTree,
            BuildRunInput.FromChunks("Add hello notes", "# Plan", false, [chunk]), new BuildOptions()), null, Ct);
        Assert.True(result.PerChunk.Single().Ok);
        var state = (await store.LoadAsync(sessionId, Ct)).Value!;
        await store.SaveAsync(state with { Runs = ["run-1"] }, Ct);
    }
}
