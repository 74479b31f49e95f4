using System.Diagnostics;
using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// A third-party client: the MCP Inspector CLI (installed with Node 22 into .tools/inspector by .ci/install-tools.sh)
/// drives the built server over stdio.
/// </summary>
public sealed class InspectorCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string BinDirectory => Path.Combine(ServerExecutable.RepositoryRoot, ".tools", "inspector", "node_modules", ".bin");

    [Fact]
    public async Task The_inspector_lists_the_tools_and_calls_session_start()
    {
        using var repo = TempGitRepository.Create();

        var list = await RunInspectorAsync(repo.Root, "--method", "tools/list");
        var call = await RunInspectorAsync(repo.Root, "--method", "tools/call", "--tool-name", "session_start", "--tool-arg", "description=Add OAuth login");

        var names = JsonDocument.Parse(list).RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("session_start", names);
        Assert.Contains("session_status", names);
        var structured = JsonDocument.Parse(call).RootElement.GetProperty("structuredContent");
        Assert.Equal("wip-add-oauth-login", structured.GetProperty("branch").GetString());
        Assert.True(Directory.Exists(structured.GetProperty("worktree_path").GetString()));
    }

    private static async Task<string> RunInspectorAsync(string project, params string[] method)
    {
        var inspector = Path.Combine(BinDirectory, "mcp-inspector");
        Assert.True(File.Exists(inspector),
            $"The MCP Inspector is not installed at {inspector}. Run `bash .ci/install-tools.sh` (it installs Node 22 and the inspector locally), then rerun the tests.");
        var info = new ProcessStartInfo(inspector) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--cli", "dotnet", ServerExecutable.DllPath, "--project", project, "--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs") }.Concat(method))
        {
            info.ArgumentList.Add(argument);
        }

        // The inspector needs Node >= 22; the local node@22 package sits in the same .bin folder.
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
