using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// Issue 17, finding 2 ("one request kills the server"): a divide with a 40,000-chunk dependsOn chain (about 2.6 MB,
/// under the 4 MiB body limit) overflowed the stack of a fresh stdio server and, in one POST, of the HTTP server for
/// every client. Sent to the built server over both transports, it is refused naming the limit, and the server (and,
/// over HTTP, another client) goes on. The walks themselves are iterative: Planning/PlanLimitsTests runs them on a
/// 256 KiB stack with the limits lifted.
/// </summary>
public sealed class DeepPlanRequestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_40000_deep_chain_sent_to_a_fresh_stdio_server_is_refused_and_the_server_goes_on()
    {
        using var repo = TempGitRepository.Create();
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await ToPlanApprovedAsync(client, repo.Root);

        var refusal = await client.CallErrorAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = Chain(40_000), ["project_root"] = repo.Root }, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Contains("40,000 chunks, over the limit of 2,000 chunks per plan", refusal, StringComparison.Ordinal);
        Assert.Equal(sessionId, status.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_40000_deep_chain_posted_to_the_http_server_is_refused_and_another_client_goes_on()
    {
        using var repo = TempGitRepository.Create();
        using var server = HttpServerProcess.Start(["--http", "--urls", "http://127.0.0.1:0", "--project", repo.Root], token: null);
        var port = await server.WaitForPortAsync();
        await using var attacker = await ConnectAsync(port, "attacker");
        await using var bystander = await ConnectAsync(port, "bystander");
        var bystanderSession = (await bystander.CallOkAsync("session_start", new() { ["description"] = "Add a greeting", ["project_root"] = repo.Root, ["new"] = true }, Ct))
            .GetProperty("session_id").GetString()!;
        var sessionId = await ToPlanApprovedAsync(attacker, repo.Root);

        var refusals = new List<string>();
        foreach (var length in new[] { 40_000, 50_000 })
        {
            refusals.Add(await attacker.CallErrorAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = Chain(length), ["project_root"] = repo.Root }, Ct));
        }

        var afterwards = await bystander.CallOkAsync("session_status", new() { ["session_id"] = bystanderSession, ["project_root"] = repo.Root }, Ct);
        var attackerStillServed = await attacker.ListToolsAsync(cancellationToken: Ct);

        Assert.Contains("40,000 chunks, over the limit of 2,000 chunks per plan", refusals[0], StringComparison.Ordinal);
        Assert.Contains("50,000 chunks, over the limit of 2,000 chunks per plan", refusals[1], StringComparison.Ordinal);
        Assert.Equal(bystanderSession, afterwards.GetProperty("session_id").GetString());
        Assert.NotEmpty(attackerStillServed);
    }

    private static async Task<string> ToPlanApprovedAsync(McpClient client, string root)
    {
        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Code goes in src/.", ["project_root"] = root }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files.", ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        return sessionId;
    }

    private static Task<McpClient> ConnectAsync(int port, string name) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }), new McpClientOptions { ClientInfo = new Implementation { Name = name, Version = "1.0" } }, cancellationToken: Ct);

    /// <summary>
    /// c1 &lt;- c2 &lt;- ... &lt;- c<paramref name="length"/>, each owning one file: kept short so the 50,000-deep request
    /// (3.7 MB) stays under the HTTP body limit of 4 MiB, which would otherwise answer 413 before any server code.
    /// </summary>
    private static JsonElement Chain(int length) => JsonSerializer.SerializeToElement(
        Enumerable.Range(1, length).Select(i => new { id = $"c{i}", scope = "s", files = new[] { $"src/f{i}" }, dependsOn = i == 1 ? Array.Empty<string>() : [$"c{i - 1}"] }).ToArray());
}
