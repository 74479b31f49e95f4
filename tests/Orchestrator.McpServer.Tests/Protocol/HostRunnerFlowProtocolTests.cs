using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// The whole flow with runner "host" through tools alone (as Codex must): the test is the client and plays its
/// sub-agents through agent_job_next / agent_job_submit. Needs the phase tools (spec ... build_result); where they are
/// not registered the test is skipped, not passed.
/// </summary>
public sealed class HostRunnerFlowProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Session_to_build_result_with_the_clients_own_sub_agents()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var client = server.Client;
        var tools = (await client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).ToHashSet();
        string[] phaseTools = ["spec", "plan", "approve", "divide", "build_start", "build_status", "build_result"];
        if (!phaseTools.All(tools.Contains))
        {
            Assert.Skip($"the phase tools are not registered in this build (missing: {string.Join(", ", phaseTools.Where(t => !tools.Contains(t)))})");
        }

        var root = repo.Root;
        var sessionId = (await client.CallOkAsync("session_start", new() { ["description"] = "Add a greeting module", ["project_root"] = root }, Ct))
            .GetProperty("session_id").GetString()!;
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Greeting code goes in src/.", ["project_root"] = root }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\n1. Add src/a.cs\n2. Add src/b.cs", ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var chunks = JsonSerializer.SerializeToElement(new object[]
        {
            new { id = "c1", scope = "add a", files = new[] { "src/a.cs" }, model = "haiku", tests = false },
            new { id = "c2", scope = "add b using a", files = new[] { "src/b.cs" }, model = "sonnet", tests = false, dependsOn = new[] { "c1" } },
        });
        await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = chunks, ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var runId = (await client.CallOkAsync("build_start",
                new() { ["session_id"] = sessionId, ["runner"] = "host", ["isolation"] = "shared", ["project_root"] = root }, Ct))
            .GetProperty("run_id").GetString()!;

        var roles = new List<string>();
        for (var round = 0; round < 60; round++)
        {
            var next = await client.CallOkAsync("agent_job_next", new() { ["run_id"] = runId, ["wait_seconds"] = 20, ["project_root"] = root }, Ct);
            var status = next.GetProperty("status").GetString();
            if (status == "run_finished")
            {
                break;
            }

            if (status != "job")
            {
                continue;
            }

            var role = next.GetProperty("role").GetString()!;
            roles.Add($"{role}:{next.GetProperty("chunk_id").GetString()}");
            var chunk = next.GetProperty("chunk_id").GetString();
            if (role == "executor")
            {
                // The sub-agent really writes its file: a done that changed nothing would be a failed attempt.
                var file = Path.Combine(next.GetProperty("working_directory").GetString()!, "src", chunk == "c1" ? "a.cs" : "b.cs");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, $"// {chunk}\n", Ct);
            }

            object output = role == "executor"
                ? new { status = "done", summary = $"sub-agent implemented {chunk}", filesChanged = new[] { chunk == "c1" ? "src/a.cs" : "src/b.cs" } }
                : new { findings = Array.Empty<object>() };
            var submitted = await client.CallOkAsync("agent_job_submit", new() { ["job_id"] = next.GetProperty("job_id").GetString(), ["output"] = output }, Ct);
            Assert.True(submitted.GetProperty("accepted").GetBoolean(), submitted.GetRawText());
        }

        JsonElement final = default;
        for (var round = 0; round < 20; round++)
        {
            final = await client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["wait_seconds"] = 20, ["project_root"] = root }, Ct);
            if (final.GetProperty("status").GetString() != "running")
            {
                break;
            }
        }

        var result = await client.CallOkAsync("build_result", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        Assert.True(final.GetProperty("status").GetString() == "completed", result.GetRawText());
        Assert.Equal(["executor:c1", "executor:c2"], roles.Where(r => r.StartsWith("executor", StringComparison.Ordinal)));
        Assert.Contains(roles, r => r.StartsWith("reviewer", StringComparison.Ordinal));
        Assert.Equal(["sub-agent implemented c1", "sub-agent implemented c2"],
            result.GetProperty("perChunk").EnumerateArray().Select(c => c.GetProperty("summary").GetString()).Order());
        Assert.All(result.GetProperty("perChunk").EnumerateArray(), c => Assert.True(c.GetProperty("ok").GetBoolean()));
    }
}
