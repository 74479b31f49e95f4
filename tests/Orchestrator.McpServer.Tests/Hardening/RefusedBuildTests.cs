using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// A refused build_start leaves nothing behind (issue 17, point 9: "refused builds leave empty run folders"): no run
/// folder, no run in STATE.md, whatever the reason (gate closed, bad numbers, a runner that cannot be made, a damaged
/// chunks.json, a config that does not load).
/// </summary>
public sealed class RefusedBuildTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refused_build_starts_leave_no_run_folder_and_no_run_in_the_session()
    {
        using var repo = TempGitRepository.Create();
        var root = repo.Root;
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Code goes in src/.", ["project_root"] = root }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files.", ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = root }, Ct);
        Dictionary<string, object?> Start(params (string Key, object? Value)[] extra)
        {
            var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = root };
            foreach (var (key, value) in extra)
            {
                arguments[key] = value;
            }

            return arguments;
        }

        var refusals = new List<string>
        {
            // The build gate is not approved yet.
            await client.CallErrorAsync("build_start", Start(), Ct),
        };
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = root }, Ct);
        refusals.Add(await client.CallErrorAsync("build_start", Start(("max_parallel", -1)), Ct));
        refusals.Add(await client.CallErrorAsync("build_start", Start(("budget_usd", -5)), Ct));

        // The command runner without a command.
        var config = Path.Combine(root, ".orchestrator", "config.yaml");
        refusals.Add(await client.CallErrorAsync("build_start", Start(("runner", "command")), Ct));

        // A config that does not load.
        await File.WriteAllTextAsync(config, "default_runner: [not, a, runner\n", Ct);
        refusals.Add(await client.CallErrorAsync("build_start", Start(), Ct));
        File.Delete(config);

        // A damaged chunks.json.
        var chunks = Path.Combine(root, ".orchestrator", "sessions", sessionId, "chunks.json");
        var goodChunks = await File.ReadAllTextAsync(chunks, Ct);
        await File.WriteAllTextAsync(chunks, "{ not json", Ct);
        refusals.Add(await client.CallErrorAsync("build_start", Start(), Ct));
        await File.WriteAllTextAsync(chunks, goodChunks, Ct);

        var runs = Path.Combine(root, ".orchestrator", "runs");
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);

        Assert.Equal(6, refusals.Count);
        Assert.All(refusals, r => Assert.False(string.IsNullOrWhiteSpace(r)));
        Assert.True(!Directory.Exists(runs) || !Directory.EnumerateFileSystemEntries(runs).Any(),
            "left behind: " + (Directory.Exists(runs) ? string.Join(", ", Directory.EnumerateFileSystemEntries(runs, "*", SearchOption.AllDirectories)) : ""));
        Assert.Empty(status.GetProperty("runs").EnumerateArray());
    }
}
