using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// Ids that look like paths (absolute, "..") and a committed <c>.orchestrator</c> symlink are refused, and nothing is
/// written outside the repository under either isolation: a canary watches the folder around the temp repository.
/// </summary>
public sealed class PathConfinementTests
{
    private const string CommandRunnerConfig = """
        default_runner: command
        runners:
          command:
            executable: sh
            args: ["-c", "printf '{\"status\":\"done\",\"summary\":\"ok\",\"filesChanged\":[]}'"]
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("worktree")]
    [InlineData("shared")]
    public async Task Path_like_chunk_ids_are_refused_and_nothing_is_written_outside_the_repository(string isolation)
    {
        using var repo = TempGitRepository.Create();
        var root = repo.Root;
        var outside = Path.GetDirectoryName(root)!;
        var absoluteId = Path.Combine(outside, "abs", "pwn");
        const string climbingId = "../../../../../pwn";
        File.AppendAllText(Path.Combine(root, ".git", "info", "exclude"), "/.orchestrator/\n");
        repo.WriteFile(".orchestrator/config.yaml", CommandRunnerConfig);
        var canary = CanaryFolder.Around(repo);
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var client = server.Client;

        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Code goes in src/.", ["project_root"] = root }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files.", ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var refusals = new List<string>();
        foreach (var bad in new[] { absoluteId, climbingId, "../../..", "a/b", ".hidden" })
        {
            refusals.Add(await client.CallErrorAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = Chunks(bad, "c2"), ["project_root"] = root }, Ct));
        }

        await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = Chunks("c1", "c2"), ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = root }, Ct);

        // chunks.json edited on disk after the gate: the build must refuse the ids just the same.
        var chunksFile = Path.Combine(root, ".orchestrator", "sessions", sessionId, "chunks.json");
        var tampered = File.ReadAllText(chunksFile)
            .Replace("\"c1\"", JsonSerializer.Serialize(absoluteId), StringComparison.Ordinal)
            .Replace("\"c2\"", JsonSerializer.Serialize(climbingId), StringComparison.Ordinal);
        File.WriteAllText(chunksFile, tampered);
        var start = await client.CallToolAsync("build_start",
            new Dictionary<string, object?> { ["session_id"] = sessionId, ["runner"] = "command", ["isolation"] = isolation, ["project_root"] = root }, cancellationToken: Ct);
        string? finalStatus = null;
        if (start.IsError is not true)
        {
            var runId = JsonSerializer.SerializeToElement(start.StructuredContent).GetProperty("run_id").GetString()!;
            finalStatus = (await PhaseFlow.WaitForEndAsync(client, runId, root, Ct)).GetProperty("status").GetString();
        }

        Assert.All(refusals, r => Assert.Contains("is not a valid id", r, StringComparison.Ordinal));
        Assert.Contains(absoluteId, refusals[0], StringComparison.Ordinal);
        Assert.Contains("letters, digits", refusals[1], StringComparison.Ordinal);
        Assert.True(start.IsError is true || finalStatus == "failed", $"the tampered plan ran: {ToolCalls.TextOf(start)} / {finalStatus}");
        Assert.Empty(canary.Changes());
        Assert.False(Directory.Exists(Path.Combine(outside, "abs")));
    }

    [Fact]
    public async Task A_symlinked_orchestrator_folder_is_refused_and_nothing_is_written_through_it()
    {
        using var repo = TempGitRepository.Create();
        var elsewhere = Path.Combine(Path.GetDirectoryName(repo.Root)!, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, ".orchestrator"), elsewhere);
        repo.Commit("commit the .orchestrator link");
        var canary = CanaryFolder.Around(repo);
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var refused = await server.Client.CallErrorAsync("session_start", new() { ["description"] = "Add a greeting module", ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallErrorAsync("session_status", new() { ["project_root"] = repo.Root }, Ct);

        Assert.Contains(".orchestrator is a symbolic link", refused, StringComparison.Ordinal);
        Assert.Contains("Remove the link", refused, StringComparison.Ordinal);
        Assert.Contains("symbolic link", status, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Assert.Empty(canary.Changes());
    }

    [Fact]
    public async Task A_symlinked_runs_folder_is_refused()
    {
        using var repo = TempGitRepository.Create();
        var elsewhere = Path.Combine(Path.GetDirectoryName(repo.Root)!, "elsewhere-runs");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateDirectory(Path.Combine(repo.Root, ".orchestrator"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, ".orchestrator", "runs"), elsewhere);
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var refused = await server.Client.CallErrorAsync("session_start", new() { ["description"] = "Add a greeting module", ["project_root"] = repo.Root }, Ct);

        Assert.Contains("runs is a symbolic link", refused, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    private static JsonElement Chunks(string first, string second) => JsonSerializer.SerializeToElement(new object[]
    {
        new { id = first, scope = "add a", files = new[] { "src/a.cs" }, model = "haiku", tests = false },
        new { id = second, scope = "add b", files = new[] { "src/b.cs" }, model = "haiku", tests = false, dependsOn = new[] { first } },
    });
}
