using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// Issue 17, finding 5 ("agents outlive their owner"): the owner of a build's agents is the run's detached worker. Its
/// agent here leaves a background grandchild behind (<c>sleep 600 &amp;</c>), the classic orphan that a kill of the
/// agent alone would leave under PID 1. After kill -9 of the worker, and after SIGTERM to it, /proc shows neither the
/// agent nor its grandchild alive, and nothing left in the worker's process group.
/// </summary>
public sealed class AgentOrphanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("KILL", "interrupted")]
    [InlineData("TERM", "cancelled")]
    public async Task Neither_the_agent_nor_its_background_grandchild_outlives_the_worker(string signal, string expectedStatus)
    {
        using var repo = TempGitRepository.Create();
        var pids = InstallAgent(repo.Root);
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, SleepingAgents.Chunks("c1"), Ct);
        var runId = (await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct)).GetProperty("run_id").GetString()!;
        await WaitUntilAsync(() => File.Exists(Path.Combine(pids, "grandchild")), () => "the agent never started its grandchild");
        var agent = ReadPid(pids, "agent");
        var grandchild = ReadPid(pids, "grandchild");
        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Root, ".orchestrator", "runs", runId, "run.lock"))).RootElement.GetProperty("pid").GetInt32();
        var groupBefore = ProcFs.LiveInGroup(worker);

        using (var kill = Process.Start("kill", [$"-{signal}", worker.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        await WaitUntilAsync(() => !ProcFs.IsLive(worker) && !ProcFs.IsLive(agent) && !ProcFs.IsLive(grandchild), () => "a process outlived the worker: " + ProcFs.Describe([worker, agent, grandchild]));
        var status = await StatusAfterAsync(client, runId, repo.Root);
        var leftInGroup = ProcFs.LiveInGroup(worker);

        Assert.Contains(agent, groupBefore);
        Assert.Contains(grandchild, groupBefore);
        Assert.False(ProcFs.IsLive(agent));
        Assert.False(ProcFs.IsLive(grandchild));
        Assert.True(leftInGroup.Count == 0, "left in the dead worker's group: " + ProcFs.Describe(leftInGroup));
        Assert.Equal(expectedStatus, status);
    }

    /// <summary>
    /// config.yaml with a command-runner agent that records its pid, starts <c>sleep 600</c> in the background (its pid
    /// recorded too) and waits; reviewers answer at once. Returns the folder holding the pid files.
    /// </summary>
    private static string InstallAgent(string repositoryRoot)
    {
        var pids = Directory.CreateDirectory(repositoryRoot + "-pids").FullName;
        var script = Path.Combine(pids, "agent.sh");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            if grep -q '^## Your chunk: ' "$1"; then
              echo $$ > '{{pids}}/agent.tmp' && mv '{{pids}}/agent.tmp' '{{pids}}/agent'
              sleep 600 &
              echo $! > '{{pids}}/grandchild.tmp' && mv '{{pids}}/grandchild.tmp' '{{pids}}/grandchild'
              wait
            fi
            printf '{"findings":[]}\n'
            """.Replace("\r", "", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(repositoryRoot, ".orchestrator"));
        File.WriteAllText(Path.Combine(repositoryRoot, ".orchestrator", "config.yaml"), $$"""
            default_runner: command
            runners:
              command:
                executable: /bin/sh
                args: ["{{script}}", "{prompt_file}"]
            """);
        return pids;
    }

    private static int ReadPid(string folder, string name) => int.Parse(File.ReadAllText(Path.Combine(folder, name)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The run's status once it is no longer running (the dead worker is seen, or the stopped one recorded its end).</summary>
    private static async Task<string?> StatusAfterAsync(McpClient client, string runId, string root)
    {
        string? status = null;
        await WaitUntilAsync(async () =>
        {
            status = (await client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["wait_seconds"] = 0, ["project_root"] = root }, Ct)).GetProperty("status").GetString();
            return status != "running";
        }, () => "the run stayed running after its worker died");
        return status;
    }

    private static Task WaitUntilAsync(Func<bool> condition, Func<string> failure) => WaitUntilAsync(() => Task.FromResult(condition()), failure);

    /// <summary>Until <paramref name="condition"/> holds; the bound (2 minutes) only turns a hang into a failure.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> failure)
    {
        for (var round = 0; round < 1_200; round++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail(failure());
    }
}
