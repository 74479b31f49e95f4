using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Processes;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>Tool calls locate their project once per root, not with new git processes on every call.</summary>
public sealed class ProjectLocationProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_tool_call_on_the_same_root_starts_no_git_process_to_find_it()
    {
        using var repo = TempGitRepository.Create();
        var processes = new CountingProcessRunner();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", repo.Root, cancellationToken: Ct,
            configureServices: services => services.AddSingleton<IProcessRunner>(processes));
        await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct);

        await server.Client.CallOkAsync("session_status", new(), Ct);
        var before = processes.Started.Count;
        var status = await server.Client.CallOkAsync("session_status", new(), Ct);
        var during = processes.Started.Skip(before).ToList();

        Assert.Equal(repo.Root, status.GetProperty("project_root").GetString());
        Assert.Empty(during);
    }
}
