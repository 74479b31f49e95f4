using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Protocol;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.AgentClients;

/// <summary>
/// Sessions standing at a gate, made through the real server in this process (which then lets them go), for the tests
/// in which a real agent CLI is the MCP client of a fresh server process.
/// </summary>
internal static class GatedSessions
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A session at the open plan gate.</summary>
    public static async Task<string> AtPlanGateAsync(string root)
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(server.Client, root, Ct);
        await server.Client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the greeting module.", ["project_root"] = root }, Ct);
        return sessionId;
    }

    /// <summary>
    /// A session whose one chunk (<c>notes/hello.md</c>) was built and is uncommitted in its worktree, ready for close;
    /// config.yaml turns close's reviewer agent off and makes the quality gate <c>true</c>.
    /// </summary>
    public static async Task<(string SessionId, string WorkTree)> BuiltAsync(TempGitRepository repo)
    {
        repo.WriteFile(".orchestrator/config.yaml", "close:\n  review_diff: false\ncommands:\n  test: \"true\"\n");
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var started = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add hello notes", ["project_root"] = repo.Root, ["new"] = true }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var workTree = started.GetProperty("worktree_path").GetString()!;
        await CloseToolProtocolTests.BuildOneChunkAsync(repo.Root, sessionId, workTree);
        return (sessionId, workTree);
    }

    /// <summary>The gates as STATE.md records them.</summary>
    public static async Task<SessionGates> GatesAsync(string root, string sessionId)
    {
        var state = await new SessionStore(Path.Combine(root, ".orchestrator", "sessions")).LoadAsync(sessionId, Ct);
        Assert.True(state.Succeeded, state.Error?.Message);
        return state.Value.Gates;
    }
}
