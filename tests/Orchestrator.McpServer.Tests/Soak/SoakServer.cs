using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;

namespace Orchestrator.McpServer.Tests.Soak;

/// <summary>
/// The one stdio server the soak talks to at a time: the built server as a child process, started again on demand
/// after the soak kills it with SIGKILL (<c>kill -9</c>: no shutdown code runs).
/// </summary>
internal sealed class SoakServer(string repositoryRoot, SoakFigures figures) : IAsyncDisposable
{
    private McpClient? _client;

    public async Task<McpClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            _client = await StdioMcpServer.ConnectAsync("2025-11-25", repositoryRoot, cancellationToken);
            figures.ServersStarted++;
        }

        return _client;
    }

    public async Task<JsonElement> CallOkAsync(string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        arguments["project_root"] = repositoryRoot;
        return await (await ClientAsync(cancellationToken)).CallOkAsync(tool, arguments, cancellationToken);
    }

    /// <summary>SIGKILL to the server process (found through /proc: the client does not expose it), then forgets the client.</summary>
    public async Task KillAsync(bool duringCall, CancellationToken cancellationToken)
    {
        var servers = ProcFs.WithArguments(ServerExecutable.DllPath, "--project", repositoryRoot, "--log-dir");
        Assert.True(servers.Count == 1, $"expected one server process for {repositoryRoot}, found {servers.Count}");
        Process.GetProcessById(servers[0]).Kill();
        await ProcFs.WaitUntilGoneAsync(servers[0], cancellationToken);
        Assert.False(ProcFs.IsLive(servers[0]), $"server {servers[0]} survived SIGKILL");
        figures.ServerKills++;
        if (duringCall)
        {
            figures.ServerKillsDuringCalls++;
        }

        await ForgetClientAsync();
    }

    public async ValueTask DisposeAsync() => await ForgetClientAsync();

    private async Task ForgetClientAsync()
    {
        var client = _client;
        _client = null;
        if (client is not null)
        {
            try
            {
                await client.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
            {
                // The process is gone; its pipes may already be broken.
            }
        }
    }
}
