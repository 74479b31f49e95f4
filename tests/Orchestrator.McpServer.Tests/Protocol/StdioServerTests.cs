using System.Diagnostics;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>The built server as a real child process over stdio.</summary>
public sealed class StdioServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task The_built_server_answers_over_stdio(string protocolVersion)
    {
        using var repo = TempGitRepository.Create();
        await using var client = await StdioMcpServer.ConnectAsync(protocolVersion, repo.Root, Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct);
        var status = await client.CallOkAsync("session_status", new(), Ct);

        Assert.Equal(protocolVersion, client.NegotiatedProtocolVersion);
        Assert.Contains(tools, t => t.Name == "session_start");
        Assert.True(Directory.Exists(started.GetProperty("worktree_path").GetString()));
        Assert.Equal(started.GetProperty("session_id").GetString(), status.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_second_server_process_refuses_a_tree_whose_session_the_first_holds()
    {
        using var repo = TempGitRepository.Create();
        repo.Git("switch", "-q", "-c", "feature-login");
        await using var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);

        var held = await first.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct);
        var refused = await second.CallErrorAsync("session_start", new() { ["description"] = "Something else", ["new"] = true }, Ct);
        var seenFromSecond = await second.CallOkAsync("session_status", new(), Ct);

        Assert.Contains(held.GetProperty("session_id").GetString()!, refused);
        Assert.Contains("held by another orchestrator process", refused);
        Assert.False(seenFromSecond.GetProperty("locked_by").GetProperty("this_server").GetBoolean());
    }

    [Fact]
    public async Task Command_line_errors_exit_non_zero_with_a_message_and_version_prints()
    {
        var bad = await RunServerAsync("--project", "/no/such/dir");
        var unknown = await RunServerAsync("--frobnicate");
        var version = await RunServerAsync("--version");

        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--project '/no/such/dir' does not exist", bad.Error);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("--frobnicate", unknown.Error);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);
    }

    [Fact]
    public async Task Start_up_is_described_on_stderr_and_stdout_begins_with_the_initialize_answer()
    {
        using var repo = TempGitRepository.Create();
        var info = ServerExecutable.StartInfo(["--project", repo.Root, "--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs")]);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.StandardInput.WriteLineAsync(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"banner-test","version":"1"}}}""");
        await process.StandardInput.FlushAsync(Ct);
        var first = await process.StandardOutput.ReadLineAsync(Ct);
        process.StandardInput.Close();
        await process.WaitForExitAsync(Ct);
        var banner = await error;

        Assert.StartsWith("""{"result":{"protocolVersion":"2025-11-25",""", first);
        Assert.Contains("\"id\":1", first);
        Assert.Contains("serving MCP over stdio", banner);
        Assert.Matches(@"orchestrator-mcp \d+\.\d+\.\d+", banner);
        Assert.Contains($"repository: {repo.Root} (--project)", banner);
        Assert.Contains("log file:", banner);
        Assert.Contains("claude mcp add orchestrator -- ", banner);
        Assert.Contains(ServerExecutable.Executable ?? ServerExecutable.DllPath, banner);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunServerAsync(params string[] arguments)
    {
        var info = ServerExecutable.StartInfo(arguments);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, (await output).Trim(), await error);
    }
}
