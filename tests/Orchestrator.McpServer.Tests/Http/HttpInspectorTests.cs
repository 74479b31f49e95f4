using System.Diagnostics;
using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>A third-party Streamable HTTP client (the MCP Inspector CLI, Node) against the HTTP server, with a token.</summary>
public sealed class HttpInspectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string BinDirectory => Path.Combine(ServerExecutable.RepositoryRoot, ".tools", "inspector", "node_modules", ".bin");

    [Fact]
    public async Task The_inspector_lists_the_tools_and_calls_session_start_over_http()
    {
        using var repo = TempGitRepository.Create();
        const string Token = "inspector-token-5a4b3c2d1e";
        await using var server = await HttpTestServer.StartAsync(repo.Root, HttpTestServer.LoopbackOptions(Token), Ct);

        var list = await RunInspectorAsync(server.McpEndpoint, Token, "--method", "tools/list");
        var call = await RunInspectorAsync(server.McpEndpoint, Token, "--method", "tools/call", "--tool-name", "session_start", "--tool-arg", "description=Add OAuth login");

        var names = JsonDocument.Parse(list).RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("session_start", names);
        var structured = JsonDocument.Parse(call).RootElement.GetProperty("structuredContent");
        Assert.Equal("wip-add-oauth-login", structured.GetProperty("branch").GetString());
        Assert.Equal(repo.Root, structured.GetProperty("project_root").GetString());
    }

    private static async Task<string> RunInspectorAsync(Uri endpoint, string token, params string[] method)
    {
        var inspector = Path.Combine(BinDirectory, "mcp-inspector");
        Assert.True(File.Exists(inspector),
            $"The MCP Inspector is not installed at {inspector}. Run `bash .ci/install-tools.sh`, then rerun the tests.");
        var info = new ProcessStartInfo(inspector) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--cli", endpoint.ToString(), "--transport", "http", "--header", "Authorization: Bearer " + token }.Concat(method))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PATH"] = BinDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"inspector exited {process.ExitCode}: {await error}");
        return await output;
    }
}
